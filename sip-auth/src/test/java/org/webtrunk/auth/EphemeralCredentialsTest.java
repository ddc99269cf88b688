package org.webtrunk.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class EphemeralCredentialsTest {
    private static final long T0 = 1_700_000_000L;
    private final TestClock clock = new TestClock(T0 - 3600);

    private EphemeralCredentialMinter minter(List<String> secrets, HmacAlgorithm h, UsernameFormat f) {
        return new EphemeralCredentialMinter(new EphemeralConfig(secrets, h, f), clock);
    }

    private EphemeralCredentialVerifier verifier(List<String> secrets, HmacAlgorithm h, UsernameFormat f) {
        return new EphemeralCredentialVerifier(new EphemeralConfig(secrets, h, f), clock);
    }

    /** Expected values from `printf %s USERNAME | openssl dgst -<alg> -hmac SECRET -binary | base64`. */
    @Test
    void passwordsMatchOpenSsl() {
        assertEquals("QVt3RPkXlXagK2f1CJsqWMQmXsk=",
                minter(List.of("kamailio_rules"), HmacAlgorithm.SHA1, UsernameFormat.TIMESTAMP_FIRST)
                        .mint("acme.alice", 3600).password());
        EphemeralCredentials sha256 = minter(List.of("kamailio_rules"), HmacAlgorithm.SHA256, UsernameFormat.TIMESTAMP_FIRST)
                .mint("acme.alice", 3600);
        assertEquals("1700000000:acme.alice", sha256.username());
        assertEquals("52+sPYz5g8u/opMjaG3kRgUl1vOMIbqXNlLq0+cF22E=", sha256.password());
        EphemeralCredentials sha512 = minter(List.of("kamailio_rules"), HmacAlgorithm.SHA512, UsernameFormat.ID_FIRST)
                .mint("acme.alice", 3600);
        assertEquals("acme.alice:1700000000", sha512.username());
        assertEquals("6rksgSneI8It0KxcaZaQyyPWSz38cts/PiaWus3rnqnMo7enuwi7mysT0UXFUlHLXy71o1zpSS2WNPlgUgnQVQ==", sha512.password());
        assertEquals(3600, sha512.ttl());
        assertEquals(T0, sha512.expires());
    }

    @ParameterizedTest
    @EnumSource(HmacAlgorithm.class)
    void mintedCredentialsVerifyInBothFormats(HmacAlgorithm h) {
        for (UsernameFormat f : UsernameFormat.values()) {
            EphemeralCredentials c = minter(List.of("s3cret"), h, f).mint("acme.bob", 60);
            CredentialCheck check = verifier(List.of("s3cret"), h, f).verify(c.username(), c.password());
            assertEquals(CredentialStatus.VALID, check.status());
            assertEquals("acme", check.identity().tenant());
            assertEquals("bob", check.identity().caller());
            // the other format reads another timestamp: never valid
            UsernameFormat other = f == UsernameFormat.ID_FIRST ? UsernameFormat.TIMESTAMP_FIRST : UsernameFormat.ID_FIRST;
            assertFalse(verifier(List.of("s3cret"), h, other).verify(c.username(), c.password()).valid());
        }
    }

    @Test
    void expiredOnlyAfterTheExpirySecond() {
        EphemeralCredentials c = minter(List.of("s"), HmacAlgorithm.SHA1, UsernameFormat.TIMESTAMP_FIRST).mint("a.b", 10);
        EphemeralCredentialVerifier v = verifier(List.of("s"), HmacAlgorithm.SHA1, UsernameFormat.TIMESTAMP_FIRST);
        clock.advance(Duration.ofSeconds(10));
        assertEquals(CredentialStatus.VALID, v.verify(c.username(), c.password()).status());
        clock.advance(Duration.ofSeconds(1));
        assertEquals(CredentialStatus.EXPIRED, v.verify(c.username(), c.password()).status());
    }

    @Test
    void forgedPasswordIsBadSignature() {
        EphemeralCredentials c = minter(List.of("s"), HmacAlgorithm.SHA1, UsernameFormat.TIMESTAMP_FIRST).mint("a.b", 10);
        EphemeralCredentialVerifier v = verifier(List.of("s"), HmacAlgorithm.SHA1, UsernameFormat.TIMESTAMP_FIRST);
        assertEquals(CredentialStatus.BAD_SIGNATURE, v.verify(c.username(), "AAAA" + c.password().substring(4)).status());
        assertEquals(CredentialStatus.BAD_SIGNATURE, v.verify(c.username(), null).status());
        // a later expiry with the old password: the HMAC covers the whole username
        String longer = (c.expires() + 3600) + ":a.b";
        assertEquals(CredentialStatus.BAD_SIGNATURE, v.verify(longer, c.password()).status());
    }

    @Test
    void rotationMintsWithNewestAndAcceptsAll() {
        EphemeralCredentials old = minter(List.of("old"), HmacAlgorithm.SHA1, UsernameFormat.TIMESTAMP_FIRST).mint("a.b", 60);
        EphemeralCredentialMinter rotated = minter(List.of("new", "old"), HmacAlgorithm.SHA1, UsernameFormat.TIMESTAMP_FIRST);
        EphemeralCredentials fresh = rotated.mint("a.b", 60);
        EphemeralCredentials newOnly = minter(List.of("new"), HmacAlgorithm.SHA1, UsernameFormat.TIMESTAMP_FIRST).mint("a.b", 60);
        assertEquals(newOnly.password(), fresh.password());
        EphemeralCredentialVerifier both = verifier(List.of("new", "old"), HmacAlgorithm.SHA1, UsernameFormat.TIMESTAMP_FIRST);
        assertTrue(both.verify(old.username(), old.password()).valid());
        assertTrue(both.verify(fresh.username(), fresh.password()).valid());
        EphemeralCredentialVerifier retired = verifier(List.of("new"), HmacAlgorithm.SHA1, UsernameFormat.TIMESTAMP_FIRST);
        assertEquals(CredentialStatus.BAD_SIGNATURE, retired.verify(old.username(), old.password()).status());
    }

    /** Kamailio's autheph_verify_timestamp(): split at the first ':' for both formats. */
    @Test
    void splitsLikeKamailio() {
        EphemeralUsername ts = EphemeralUsername.parse("1700000000:acme.a:b", UsernameFormat.TIMESTAMP_FIRST);
        assertEquals(1_700_000_000L, ts.expires());
        assertEquals("acme.a:b", ts.id());
        // id-first: the timestamp is everything after the FIRST ':', so "a:b:1700000000" is not a number
        assertNull(EphemeralUsername.parse("a:b:1700000000", UsernameFormat.ID_FIRST));
        assertEquals("a", EphemeralUsername.parse("a:1700000000", UsernameFormat.ID_FIRST).id());
        // no ':' or a trailing ':': the whole username is the timestamp
        assertEquals("", EphemeralUsername.parse("1700000000", UsernameFormat.TIMESTAMP_FIRST).id());
        assertEquals(1_700_000_000L, EphemeralUsername.parse("1700000000", UsernameFormat.ID_FIRST).expires());
        assertNull(EphemeralUsername.parse("1700000000:", UsernameFormat.TIMESTAMP_FIRST));
        assertNull(EphemeralUsername.parse("alice:", UsernameFormat.ID_FIRST));
        assertNull(EphemeralUsername.parse(":alice", UsernameFormat.TIMESTAMP_FIRST));
        assertNull(EphemeralUsername.parse("-1:alice", UsernameFormat.TIMESTAMP_FIRST));
        assertNull(EphemeralUsername.parse("99999999999999999999:alice", UsernameFormat.TIMESTAMP_FIRST));
    }

    @Test
    void refusalReasons() {
        EphemeralCredentialVerifier v = verifier(List.of("s"), HmacAlgorithm.SHA1, UsernameFormat.TIMESTAMP_FIRST);
        assertEquals(CredentialStatus.MALFORMED, v.verify("alice", "x").status());
        assertEquals(CredentialStatus.MALFORMED, v.verify(null, "x").status());
        assertEquals(CredentialStatus.MALFORMED, v.verify("1700000000:a\u0001", "x").status());
        assertEquals(CredentialStatus.MALFORMED, v.verify("1700000000:" + "a".repeat(300), "x").status());
        assertEquals(CredentialStatus.EXPIRED, v.verify("1600000000:acme.a", "x").status());
        assertEquals(CredentialStatus.UNKNOWN_ID_FORMAT, v.verify("1700000000:foo@bar.com", "x").status());
        assertEquals(CredentialStatus.UNKNOWN_ID_FORMAT, v.verify("1700000000", "x").status());
        assertEquals(CredentialStatus.UNKNOWN_ID_FORMAT, v.verify("1700000000:ACME.bob", "x").status());
        assertEquals(CredentialStatus.BAD_SIGNATURE, v.verify("1700000000:acme.bob", "x").status());
    }

    @Test
    void mintRefusesIdsKamailioCouldNotRead() {
        EphemeralCredentialMinter idFirst = minter(List.of("s"), HmacAlgorithm.SHA1, UsernameFormat.ID_FIRST);
        assertThrows(IllegalArgumentException.class, () -> idFirst.mint("a:b", 60));
        assertThrows(IllegalArgumentException.class, () -> idFirst.mint("", 60));
        assertThrows(IllegalArgumentException.class, () -> idFirst.mint("a\nb", 60));
        assertThrows(IllegalArgumentException.class, () -> idFirst.mint("a.b", 0));
        assertTrue(minter(List.of("s"), HmacAlgorithm.SHA1, UsernameFormat.TIMESTAMP_FIRST).mint("a:b", 60).username().endsWith(":a:b"));
    }

    @Test
    void secretsNeverShowInToString() {
        EphemeralConfig config = new EphemeralConfig(List.of("topsecret"), HmacAlgorithm.SHA1, UsernameFormat.TIMESTAMP_FIRST);
        assertFalse(config.toString().contains("topsecret"));
        EphemeralCredentials c = new EphemeralCredentialMinter(config, clock).mint("a.b", 60);
        assertFalse(c.toString().contains(c.password()));
        assertThrows(IllegalArgumentException.class, () -> EphemeralConfig.of(List.of()));
        assertThrows(IllegalArgumentException.class, () -> EphemeralConfig.of(List.of("")));
    }

    @Test
    void algorithmAndFormatNamesParse() {
        assertEquals(HmacAlgorithm.SHA256, HmacAlgorithm.parse("sha-256"));
        assertEquals(HmacAlgorithm.SHA1, HmacAlgorithm.parse("SHA1"));
        assertEquals(1, HmacAlgorithm.SHA256.kamailioCode());
        assertEquals(UsernameFormat.ID_FIRST, UsernameFormat.parse("id-first"));
        assertEquals(0, UsernameFormat.ID_FIRST.kamailioCode());
        assertThrows(IllegalArgumentException.class, () -> HmacAlgorithm.parse("md5"));
        assertThrows(IllegalArgumentException.class, () -> UsernameFormat.parse("x"));
    }
}
