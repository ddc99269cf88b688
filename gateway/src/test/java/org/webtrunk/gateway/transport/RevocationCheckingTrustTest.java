package org.webtrunk.gateway.transport;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
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
    private Path crl;
    private RevocationCheckingTrust lists;
    private X509TrustManager trust;

    @BeforeEach
    void setUp() throws Exception {
        carrierCa = TestCertificates.authority(dir, "carrier-ca", "Carrier CA");
        otherCa = TestCertificates.authority(dir, "other-ca", "Other CA");
        X509Certificate[] both = {certificate(carrierCa.files()), certificate(otherCa.files())};
        revoked = TestCertificates.issued(carrierCa, dir, "revoked", "old.carrier.test");
        crl = TestCertificates.revocationList(carrierCa, dir.resolve("carrier.crl"), revoked.serial());
        lists = RevocationCheckingTrust.load(both, crl);
        trust = (X509TrustManager) lists.trustManager();
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

    @Test
    void aRewrittenFileIsReadAgainAndItsListsUsedFromThen() throws Exception {
        TestCertificates.Identity sbc = TestCertificates.issued(carrierCa, dir, "sbc", "sbc.carrier.test");
        assertEquals(RevocationCheckingTrust.Recheck.UNCHANGED, lists.recheck(e -> fail(e)));
        assertDoesNotThrow(() -> check(sbc));

        Instant later = Instant.now().plus(Duration.ofDays(2)).truncatedTo(ChronoUnit.SECONDS);
        rewrite(() -> TestCertificates.revocationList(carrierCa, crl, later, revoked.serial(), sbc.serial()));
        assertEquals(RevocationCheckingTrust.Recheck.REREAD, lists.recheck(e -> fail(e)));
        CertificateException e = assertThrows(CertificateException.class, () -> check(sbc));
        assertTrue(String.valueOf(e.getMessage()).contains("revoked"), e.getMessage());
        assertEquals(later, lists.firstNextUpdate());
        assertEquals(RevocationCheckingTrust.Recheck.UNCHANGED, lists.recheck(x -> fail(x)), "read once per change");
    }

    @Test
    void aFileThatCannotBeParsedLeavesTheListsInUseAndIsTriedAgainOnlyOnceChanged() throws Exception {
        Instant before = lists.firstNextUpdate();
        rewrite(() -> Files.writeString(crl, "-----BEGIN X509 CRL-----\nnot base64\n-----END X509 CRL-----\n"));
        List<Exception> failures = new ArrayList<>();
        assertEquals(RevocationCheckingTrust.Recheck.FAILED, lists.recheck(failures::add));
        assertEquals(1, failures.size());
        assertThrows(CertificateException.class, () -> check(revoked), "the old list still names it");
        assertEquals(before, lists.firstNextUpdate());
        assertEquals(RevocationCheckingTrust.Recheck.UNCHANGED, lists.recheck(failures::add));

        rewrite(() -> Files.delete(crl));
        assertEquals(RevocationCheckingTrust.Recheck.FAILED, lists.recheck(failures::add));
        assertTrue(failures.get(1) instanceof java.nio.file.NoSuchFileException, failures.get(1).toString());
        assertThrows(CertificateException.class, () -> check(revoked));
        assertEquals(RevocationCheckingTrust.Recheck.UNCHANGED, lists.recheck(failures::add), "still missing: said once");
    }

    private interface Write {
        void run() throws Exception;
    }

    /** Rewrites the file with a later modification time, as a fetch some time after the last one would. */
    private void rewrite(Write write) throws Exception {
        FileTime was = Files.getLastModifiedTime(crl);
        write.run();
        if (Files.exists(crl)) {
            Files.setLastModifiedTime(crl, FileTime.from(was.toInstant().plusSeconds(5)));
        }
    }
}
