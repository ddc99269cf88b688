package org.webtrunk.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class CustomerTokenTest {
    private final TestClock clock = new TestClock(1_700_000_000L);
    private final CustomerTokenVerifier verifier =
            new CustomerTokenVerifier(List.of("tenant-secret"), CustomerTokenVerifier.DEFAULT_MAX_LIFETIME, clock);

    /** `printf %s '1700000300:alice@example.com' | openssl dgst -sha1 -hmac tenant-secret -binary | base64` */
    @Test
    void keyMatchesOpenSsl() {
        CustomerToken t = CustomerTokens.mint("tenant-secret", "alice@example.com", CustomerTokens.DEFAULT_TTL_SECONDS, clock);
        assertEquals(1_700_000_300L, t.expires());
        assertEquals("XXf6GfAmA7Zww6bARobgMmDiJJ4=", t.key());
        assertEquals(TokenStatus.VALID, verifier.verify(t));
        assertFalse(t.toString().contains(t.key()));
    }

    @Test
    void refusesExpired() {
        CustomerToken t = CustomerTokens.mint("tenant-secret", "alice", 300, clock);
        clock.advance(Duration.ofSeconds(300));
        assertEquals(TokenStatus.VALID, verifier.verify(t));
        clock.advance(Duration.ofSeconds(1));
        assertEquals(TokenStatus.EXPIRED, verifier.verify(t));
    }

    @Test
    void refusesForged() {
        CustomerToken t = CustomerTokens.mint("other-secret", "alice", 300, clock);
        assertEquals(TokenStatus.BAD_SIGNATURE, verifier.verify(t));
        CustomerToken real = CustomerTokens.mint("tenant-secret", "alice", 300, clock);
        assertEquals(TokenStatus.BAD_SIGNATURE, verifier.verify("mallory", real.expires(), real.key()));
        assertEquals(TokenStatus.BAD_SIGNATURE, verifier.verify("alice", real.expires() - 1, real.key()));
    }

    @Test
    void refusesTokensLivingLongerThanTheMaximum() {
        CustomerToken t = CustomerTokens.mint("tenant-secret", "alice", 3600, clock);
        assertEquals(TokenStatus.TOO_LONG_LIVED, verifier.verify(t));
        CustomerTokenVerifier lenient = new CustomerTokenVerifier(List.of("tenant-secret"), Duration.ofHours(1), clock);
        assertEquals(TokenStatus.VALID, lenient.verify(t));
    }

    @Test
    void refusesMalformed() {
        CustomerToken t = CustomerTokens.mint("tenant-secret", "alice", 300, clock);
        assertEquals(TokenStatus.MALFORMED, verifier.verify("", t.expires(), t.key()));
        assertEquals(TokenStatus.MALFORMED, verifier.verify("al\u00efce", t.expires(), t.key()));
        assertEquals(TokenStatus.MALFORMED, verifier.verify("alice", t.expires(), "not base64!"));
        assertEquals(TokenStatus.MALFORMED, verifier.verify("alice", t.expires(), "AAAA"));
        assertEquals(TokenStatus.MALFORMED, verifier.verify("alice", -5, t.key()));
        assertEquals(TokenStatus.MALFORMED, verifier.verify("alice", t.expires(), null));
        assertEquals(TokenStatus.MALFORMED, verifier.verify(null));
    }

    @Test
    void acceptsAnyOfSeveralTenantSecrets() {
        CustomerTokenVerifier rotating = new CustomerTokenVerifier(List.of("new", "tenant-secret"), Duration.ofMinutes(10), clock);
        assertEquals(TokenStatus.VALID, rotating.verify(CustomerTokens.mint("tenant-secret", "a", 300, clock)));
        assertEquals(TokenStatus.VALID, rotating.verify(CustomerTokens.mint("new", "a", 300, clock)));
    }

    @Test
    void exchangeMintsCredentialsNamingTheTenant() {
        EphemeralConfig gw = EphemeralConfig.of(List.of("gateway-secret"));
        TokenExchange exchange = new TokenExchange(new EphemeralCredentialMinter(gw, clock), 3600, new SecureRandom());
        CustomerToken t = CustomerTokens.mint("tenant-secret", "alice", 300, clock);

        TokenExchange.Result random = exchange.exchange("acme", verifier, t, null);
        assertEquals(TokenStatus.VALID, random.status());
        assertTrue(random.credentials().id().startsWith("acme."));
        CredentialCheck check = new EphemeralCredentialVerifier(gw, clock)
                .verify(random.credentials().username(), random.credentials().password());
        assertTrue(check.valid());
        assertEquals("acme", check.identity().tenant());
        assertEquals(1_700_003_600L, check.expires());

        TokenExchange.Result given = exchange.exchange("acme", verifier, t, "alice");
        assertEquals("1700003600:acme.alice", given.credentials().username());

        TokenExchange.Result refused = exchange.exchange("acme", verifier, CustomerTokens.mint("x", "alice", 300, clock), null);
        assertEquals(TokenStatus.BAD_SIGNATURE, refused.status());
        assertNull(refused.credentials());
        assertEquals(TokenStatus.MALFORMED, exchange.exchange("acme", verifier, t, "bad caller").status());
        assertThrows(IllegalArgumentException.class, () -> exchange.exchange("Bad", verifier, t, null));
    }
}
