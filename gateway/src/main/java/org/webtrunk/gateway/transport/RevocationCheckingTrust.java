package org.webtrunk.gateway.transport;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CRL;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertStore;
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
import javax.net.ssl.CertPathTrustManagerParameters;
import javax.net.ssl.TrustManagerFactory;

/**
 * Trust in a trunk's CAs with their revocation lists from a file: the JDK's PKIX validation, with CRLs only (no
 * OCSP, nothing fetched from the network), for every certificate of the chain below the CA, as OpenSSL's
 * {@code X509_V_FLAG_CRL_CHECK_ALL} that Kamailio's tls module sets when a {@code crl} is given. A certificate
 * whose issuer has no current list is refused: its status is unknown.
 */
final class RevocationCheckingTrust {
    /** The trust to build a context with, and when the first of the lists expires (null: none says). */
    record Loaded(TrustManagerFactory factory, Instant firstNextUpdate) {
    }

    private RevocationCheckingTrust() {
    }

    static Loaded of(X509Certificate[] authorities, Path crlFile) throws IOException, GeneralSecurityException {
        Set<TrustAnchor> anchors = new HashSet<>();
        for (X509Certificate ca : authorities) {
            anchors.add(new TrustAnchor(ca, null));
        }
        PKIXBuilderParameters params = new PKIXBuilderParameters(anchors, new X509CertSelector());
        Collection<? extends CRL> crls;
        try (InputStream in = Files.newInputStream(crlFile)) {
            crls = CertificateFactory.getInstance("X.509").generateCRLs(in);
        }
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
        return new Loaded(factory, first);
    }
}
