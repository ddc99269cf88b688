package org.webtrunk.gateway.transport;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertStore;
import java.security.cert.CertificateFactory;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.PKIXRevocationChecker;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
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
    private RevocationCheckingTrust() {
    }

    static TrustManagerFactory of(X509Certificate[] authorities, Path crlFile)
            throws IOException, GeneralSecurityException {
        Set<TrustAnchor> anchors = new HashSet<>();
        for (X509Certificate ca : authorities) {
            anchors.add(new TrustAnchor(ca, null));
        }
        PKIXBuilderParameters params = new PKIXBuilderParameters(anchors, new X509CertSelector());
        try (InputStream in = Files.newInputStream(crlFile)) {
            params.addCertStore(CertStore.getInstance("Collection",
                    new CollectionCertStoreParameters(CertificateFactory.getInstance("X.509").generateCRLs(in))));
        }
        var checker = (PKIXRevocationChecker) CertPathBuilder.getInstance("PKIX").getRevocationChecker();
        checker.setOptions(EnumSet.of(PKIXRevocationChecker.Option.PREFER_CRLS,
                PKIXRevocationChecker.Option.NO_FALLBACK));
        params.addCertPathChecker(checker);
        TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
        factory.init(new CertPathTrustManagerParameters(params));
        return factory;
    }
}
