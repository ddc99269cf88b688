package org.webtrunk.gateway.transport;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.webtrunk.gateway.testsupport.TestCertificates;

/** A trunk's certificate checked against its CA's revocation list, from a file and nothing else. */
class RevocationCheckingTrustTest {
    @TempDir
    Path dir;
    private TestCertificates.Authority carrierCa;
    private TestCertificates.Authority otherCa;
    private TestCertificates.Identity revoked;
    private X509TrustManager trust;

    @BeforeEach
    void setUp() throws Exception {
        carrierCa = TestCertificates.authority(dir, "carrier-ca", "Carrier CA");
        otherCa = TestCertificates.authority(dir, "other-ca", "Other CA");
        X509Certificate[] both = {certificate(carrierCa.files()), certificate(otherCa.files())};
        revoked = TestCertificates.issued(carrierCa, dir, "revoked", "old.carrier.test");
        Path crl = TestCertificates.revocationList(carrierCa, dir.resolve("carrier.crl"), revoked.serial());
        trust = (X509TrustManager) RevocationCheckingTrust.of(both, crl).factory().getTrustManagers()[0];
    }

    private static X509Certificate certificate(TestCertificates.Identity files) throws Exception {
        return SelfSignedCertificates.readChain(files.certificate())[0];
    }

    private void check(TestCertificates.Identity server) throws Exception {
        trust.checkServerTrusted(new X509Certificate[] {certificate(server)}, "ECDHE_ECDSA");
    }

    @Test
    void aCertificateTheListDoesNotNameIsTrusted() throws Exception {
        TestCertificates.Identity current = TestCertificates.issued(carrierCa, dir, "sbc", "sbc.carrier.test");
        assertDoesNotThrow(() -> check(current));
    }

    @Test
    void aCertificateOnTheListIsRefused() {
        CertificateException e = assertThrows(CertificateException.class, () -> check(revoked));
        assertTrue(String.valueOf(e.getMessage()).contains("revoked"), e.getMessage());
    }

    @Test
    void aCertificateWhoseIssuerHasNoListIsRefusedItsStatusBeingUnknown() throws Exception {
        TestCertificates.Identity unlisted = TestCertificates.issued(otherCa, dir, "unlisted", "sbc.other.test");
        CertificateException e = assertThrows(CertificateException.class, () -> check(unlisted));
        assertTrue(String.valueOf(e.getMessage()).contains("revocation status"), e.getMessage());
    }
}
