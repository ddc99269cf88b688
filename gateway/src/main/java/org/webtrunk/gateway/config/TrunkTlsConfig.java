package org.webtrunk.gateway.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CRL;
import java.security.cert.CRLException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Objects;

/**
 * How the gateway checks a trunk over TLS, and what it shows it (RFC 3261 §26.3.1, RFC 5922 §7): as Kamailio's
 * tls module's client profile ({@code ca_list}, {@code server_name}, {@code certificate}, {@code private_key}).
 * The trunk's certificate is always verified, chain and name; there is no switch to turn that off: a trunk with a
 * self-signed certificate is trusted by naming that certificate in {@code ca-file}.
 *
 * @param caFile          PEM certificates to trust for this trunk instead of the JVM's trust store; null: the JVM's
 * @param serverName      the name the trunk's certificate must carry, also sent as SNI; null: the target's host
 *                        (an IP target is then checked against the certificate's IP addresses)
 * @param certificateFile PEM client certificate chain for trunks that ask for one (mutual TLS); null: none
 * @param privateKeyFile  its PEM private key; given together with {@code certificateFile}
 * @param crlFile         PEM revocation lists of the {@code caFile} CAs (Kamailio's {@code crl}); null: none. When
 *                        given, every certificate below the trusted CA must be covered by one and not be on it
 * @param crlCheckInterval how often {@code crlFile} is looked at, and read again when it changed
 */
public record TrunkTlsConfig(Path caFile, String serverName, Path certificateFile, Path privateKeyFile, Path crlFile,
        Duration crlCheckInterval) {
    /** Lists are replaced before they expire, typically daily; a minute's delay in noticing costs nothing. */
    public static final Duration CRL_CHECK_INTERVAL = Duration.ofMinutes(1);
    /** The JVM's trust store, the target's own host name, no client certificate, no revocation lists. */
    public static final TrunkTlsConfig DEFAULTS = new TrunkTlsConfig(null, null, null, null, null, CRL_CHECK_INTERVAL);

    public TrunkTlsConfig {
        Objects.requireNonNull(crlCheckInterval, "crlCheckInterval");
    }

    static TrunkTlsConfig read(ConfigNode n, Path baseDir) {
        Path ca = file(n, "ca-file", baseDir);
        String serverName = n.string("server-name", null);
        Path cert = file(n, "certificate", baseDir);
        Path key = file(n, "private-key", baseDir);
        Path crl = file(n, "crl-file", baseDir);
        Duration crlCheck = n.duration("crl-check-interval", null, Duration.ofSeconds(1), Duration.ofDays(1));
        n.rejectUnknownKeys();
        if (crlCheck != null && crl == null) {
            n.error("crl-check-interval", "crl-check-interval needs crl-file: it says how often that file is read");
        }
        if (serverName != null && !TrunkTargetConfig.isHostName(serverName)) {
            n.error("server-name", "'" + serverName + "' is not a host name");
            serverName = null;
        }
        if ((cert == null) != (key == null)) {
            n.error(cert == null ? "certificate" : "private-key", "certificate and private-key must be given together");
        }
        if (ca != null) {
            checkCertificates(n, "ca-file", ca);
        }
        if (cert != null) {
            checkCertificates(n, "certificate", cert);
        }
        if (key != null) {
            checkPrivateKey(n, key);
        }
        if (crl != null && ca == null) {
            n.error("crl-file", "crl-file needs ca-file: the lists are checked against the CAs named there");
        } else if (crl != null) {
            checkRevocationLists(n, crl);
        }
        return new TrunkTlsConfig(ca, serverName, cert, key, crl, crlCheck != null ? crlCheck : CRL_CHECK_INTERVAL);
    }

    private static Path file(ConfigNode n, String key, Path baseDir) {
        String value = n.string(key, null);
        return value == null || value.isBlank() ? null : baseDir.resolve(value).toAbsolutePath().normalize();
    }

    /** Opened while the config is read, so a wrong path stops the start with the key and the file named. */
    private static void checkCertificates(ConfigNode n, String key, Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            if (CertificateFactory.getInstance("X.509").generateCertificates(in).isEmpty()) {
                n.error(key, "'" + file + "' holds no PEM certificate");
            }
        } catch (IOException e) {
            n.error(key, "cannot read '" + file + "': " + e.getMessage());
        } catch (CertificateException e) {
            n.error(key, "'" + file + "' is not a PEM certificate file: " + e.getMessage());
        }
    }

    /**
     * A list past its next update would fail every handshake with the trunk (its status is then unknown), so it
     * stops the start instead, naming the file; one that expires later fails those handshakes with a WARN.
     */
    private static void checkRevocationLists(ConfigNode n, Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            Collection<? extends CRL> crls = CertificateFactory.getInstance("X.509").generateCRLs(in);
            if (crls.isEmpty()) {
                n.error("crl-file", "'" + file + "' holds no PEM certificate revocation list");
            }
            Instant now = Instant.now();
            for (CRL c : crls) {
                X509CRL crl = (X509CRL) c;
                if (crl.getNextUpdate() != null && crl.getNextUpdate().toInstant().isBefore(now)) {
                    n.error("crl-file", "the list of " + crl.getIssuerX500Principal().getName() + " in '" + file
                            + "' expired at " + crl.getNextUpdate().toInstant() + "; fetch a current one");
                }
            }
        } catch (IOException e) {
            n.error("crl-file", "cannot read '" + file + "': " + e.getMessage());
        } catch (CRLException | CertificateException e) {
            n.error("crl-file", "'" + file + "' is not a PEM certificate revocation list: " + e.getMessage());
        }
    }

    /** Only the PEM block is checked here; the key itself is parsed when the TLS context is built. */
    private static void checkPrivateKey(ConfigNode n, Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.US_ASCII);
            if (!text.contains("PRIVATE KEY-----")) {
                n.error("private-key", "'" + file + "' holds no PEM private key");
            }
        } catch (IOException e) {
            n.error("private-key", "cannot read '" + file + "': " + e.getMessage());
        }
    }
}
