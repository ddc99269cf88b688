package org.webtrunk.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class StatelessNoncesTest {
    private long serial = 41;
    private final TestClock clock = new TestClock(1_700_000_000L);
    private final StatelessNonces nonces = new StatelessNonces("nonce-secret-0123456789", "webtrunk",
            Duration.ofSeconds(30), clock);

    @Test
    void freshNonceIsValidAndUnique() {
        String a = nonces.issue(++serial);
        String b = nonces.issue(++serial);
        assertNotEquals(a, b);
        assertEquals(StatelessNonces.ENCODED_LENGTH, a.length());
        assertEquals(StatelessNonces.State.VALID, nonces.check(a).state());
        assertEquals(serial - 1, nonces.check(a).serial(), "the serial the replay table keys counts by");
        assertEquals(serial, nonces.check(b).serial());
        assertEquals(StatelessNonces.State.VALID, nonces.check(nonces.issue(Long.MIN_VALUE)).state());
        assertEquals(Long.MIN_VALUE, nonces.check(nonces.issue(Long.MIN_VALUE)).serial());
    }

    @Test
    void nonceTurnsStaleAfterItsLifetime() {
        String n = nonces.issue(++serial);
        clock.advance(Duration.ofSeconds(30));
        assertEquals(StatelessNonces.State.VALID, nonces.check(n).state());
        clock.advance(Duration.ofMillis(1));
        assertEquals(StatelessNonces.State.STALE, nonces.check(n).state());
    }

    @Test
    void nonceFromTheFutureIsStale() {
        String n = nonces.issue(++serial);
        clock.advance(Duration.ofSeconds(-10));
        assertEquals(StatelessNonces.State.STALE, nonces.check(n).state());
    }

    @Test
    void tamperedOrForeignNoncesAreForged() {
        String n = nonces.issue(++serial);
        char[] c = n.toCharArray();
        c[3] = c[3] == 'A' ? 'B' : 'A'; // change the issue time
        assertEquals(StatelessNonces.State.FORGED, nonces.check(new String(c)).state());
        c = n.toCharArray();
        c[14] = c[14] == 'A' ? 'B' : 'A'; // change the serial
        assertEquals(StatelessNonces.State.FORGED, nonces.check(new String(c)).state());
        StatelessNonces otherSecret = new StatelessNonces("another-secret-0123456789", "webtrunk",
                Duration.ofSeconds(30), clock);
        assertEquals(StatelessNonces.State.FORGED, otherSecret.check(n).state());
        StatelessNonces otherRealm = new StatelessNonces("nonce-secret-0123456789", "elsewhere",
                Duration.ofSeconds(30), clock);
        assertEquals(StatelessNonces.State.FORGED, otherRealm.check(n).state());
        assertEquals(StatelessNonces.State.FORGED, nonces.check(null).state());
        assertEquals(StatelessNonces.State.FORGED, nonces.check("dcd98b7102dd2f0e8b11d0f600bfb0c093").state());
        assertEquals(StatelessNonces.State.FORGED, nonces.check("!".repeat(StatelessNonces.ENCODED_LENGTH)).state());
    }
}
