package org.webtrunk.gateway.transport;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.GeneralSecurityException;
import java.security.cert.CRL;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.PKIXRevocationChecker;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CRL;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Consumer;
import javax.net.ssl.CertPathTrustManagerParameters;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Trust in a trunk's CAs with their revocation lists from a file: the JDK's PKIX validation, with CRLs only (no
 * OCSP, nothing fetched from the network), for every certificate of the chain below the CA, as OpenSSL's
 * {@code X509_V_FLAG_CRL_CHECK_ALL} that Kamailio's tls module sets when a {@code crl} is given. A certificate
 * whose issuer has no current list is refused: its status is unknown (the JDK takes a list as current until 15
 * minutes past its next update, for clock skew).
 *
 * <p>Lists expire and are replaced, so the file is read again when it changes ({@link #recheck}). Handshakes use
 * the lists of the last good read: a file that cannot be read or parsed leaves them in place.
 */
public final class RevocationCheckingTrust {
    /** What {@link #recheck} found. */
    public enum Recheck { UNCHANGED, REREAD, FAILED }

    /** One good read: the trust it makes, and when its first list expires (null: none says). */
    private record Lists(X509ExtendedTrustManager trust, Instant firstNextUpdate) {
    }

    /** The file's modification time and size: a rewrite changes one of them. A missing file has neither. */
    private record Stamp(FileTime modified, long size) {
        static final Stamp MISSING = new Stamp(null, -1);

        static Stamp of(Path file) throws IOException {
            try {
                BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
                return new Stamp(a.lastModifiedTime(), a.size());
            } catch (NoSuchFileException e) {
                return MISSING;
            }
        }
    }

    private final Set<TrustAnchor> anchors = new HashSet<>();
    private final Path crlFile;
    private final X509ExtendedTrustManager delegating = new Delegating();
    private volatile Lists current;
    /** The file as it was at the last attempt, good or not: a bad file is tried again only once it changes. */
    private Stamp attempted;

    private RevocationCheckingTrust(X509Certificate[] authorities, Path crlFile) {
        for (X509Certificate ca : authorities) {
            anchors.add(new TrustAnchor(ca, null));
        }
        this.crlFile = crlFile;
    }

    /** Reads the lists now, so a file that cannot be read stops the start. */
    public static RevocationCheckingTrust load(X509Certificate[] authorities, Path crlFile)
            throws IOException, GeneralSecurityException {
        RevocationCheckingTrust t = new RevocationCheckingTrust(authorities, crlFile);
        t.attempted = Stamp.of(crlFile);
        t.current = t.read();
        return t;
    }

    /** The trust to build a TLS context with: always the lists of the last good read. */
    public TrustManager trustManager() {
        return delegating;
    }

    public Path file() {
        return crlFile;
    }

    /** When the first of the lists in use expires; null when none says. */
    public Instant firstNextUpdate() {
        return current.firstNextUpdate();
    }

    /**
     * Reads the file again if it changed since the last attempt. Not thread-safe: one scheduled task calls it.
     *
     * @param failure told why when the file changed but cannot be used; the lists in use then stay
     */
    public Recheck recheck(Consumer<Exception> failure) {
        try {
            Stamp now = Stamp.of(crlFile);
            if (now.equals(attempted)) {
                return Recheck.UNCHANGED;
            }
            attempted = now;
            current = read();
            return Recheck.REREAD;
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            failure.accept(e);
            return Recheck.FAILED;
        }
    }

    private Lists read() throws IOException, GeneralSecurityException {
        Collection<? extends CRL> crls;
        try (InputStream in = Files.newInputStream(crlFile)) {
            crls = CertificateFactory.getInstance("X.509").generateCRLs(in);
        }
        if (crls.isEmpty()) {
            throw new CertificateException("'" + crlFile + "' holds no PEM certificate revocation list");
        }
        PKIXBuilderParameters params = new PKIXBuilderParameters(anchors, new X509CertSelector());
        params.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(crls)));
        var checker = (PKIXRevocationChecker) CertPathBuilder.getInstance("PKIX").getRevocationChecker();
        checker.setOptions(EnumSet.of(PKIXRevocationChecker.Option.PREFER_CRLS,
                PKIXRevocationChecker.Option.NO_FALLBACK));
        params.addCertPathChecker(checker);
        TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
        factory.init(new CertPathTrustManagerParameters(params));
        Instant first = null;
        for (CRL crl : crls) {
            Date next = ((X509CRL) crl).getNextUpdate();
            if (next != null && (first == null || next.toInstant().isBefore(first))) {
                first = next.toInstant();
            }
        }
        return new Lists((X509ExtendedTrustManager) factory.getTrustManagers()[0], first);
    }

    /** Hands every check of a server to the lists in use at that moment. */
    private final class Delegating extends X509ExtendedTrustManager {
        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            current.trust().checkServerTrusted(chain, authType, engine);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            current.trust().checkServerTrusted(chain, authType, socket);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            current.trust().checkServerTrusted(chain, authType);
        }

        // used for connections to trunks only: the gateway never checks a client with a trunk's trust
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            throw notForClients();
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            throw notForClients();
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw notForClients();
        }

        private CertificateException notForClients() {
            return new CertificateException("a trunk's revocation lists check servers only");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return current.trust().getAcceptedIssuers();
        }
    }
}
