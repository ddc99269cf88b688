package org.webtrunk.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.security.SecureRandom;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class StatelessNoncesTest {
    private final TestClock clock = new TestClock(1_700_000_000L);
    private final StatelessNonces nonces = new StatelessNonces("nonce-secret-0123456789", "webtrunk",
            Duration.ofSeconds(30), clock, new SecureRandom());

    @Test
    void freshNonceIsValidAndUnique() {
        String a = nonces.issue();
        String b = nonces.issue();
        assertNotEquals(a, b);
        assertEquals(StatelessNonces.ENCODED_LENGTH, a.length());
        assertEquals(StatelessNonces.State.VALID, nonces.check(a));
    }

    @Test
    void nonceTurnsStaleAfterItsLifetime() {
        String n = nonces.issue();
        clock.advance(Duration.ofSeconds(30));
        assertEquals(StatelessNonces.State.VALID, nonces.check(n));
        clock.advance(Duration.ofMillis(1));
        assertEquals(StatelessNonces.State.STALE, nonces.check(n));
    }

    @Test
    void nonceFromTheFutureIsStale() {
        String n = nonces.issue();
        clock.advance(Duration.ofSeconds(-10));
        assertEquals(StatelessNonces.State.STALE, nonces.check(n));
    }

    @Test
    void tamperedOrForeignNoncesAreForged() {
        String n = nonces.issue();
        char[] c = n.toCharArray();
        c[3] = c[3] == 'A' ? 'B' : 'A'; // change the issue time
        assertEquals(StatelessNonces.State.FORGED, nonces.check(new String(c)));
        StatelessNonces otherSecret = new StatelessNonces("another-secret-0123456789", "webtrunk",
                Duration.ofSeconds(30), clock, new SecureRandom());
        assertEquals(StatelessNonces.State.FORGED, otherSecret.check(n));
        StatelessNonces otherRealm = new StatelessNonces("nonce-secret-0123456789", "elsewhere",
                Duration.ofSeconds(30), clock, new SecureRandom());
        assertEquals(StatelessNonces.State.FORGED, otherRealm.check(n));
        assertEquals(StatelessNonces.State.FORGED, nonces.check(null));
        assertEquals(StatelessNonces.State.FORGED, nonces.check("dcd98b7102dd2f0e8b11d0f600bfb0c093"));
        assertEquals(StatelessNonces.State.FORGED, nonces.check("!".repeat(StatelessNonces.ENCODED_LENGTH)));
    }
}
