package org.webtrunk.gateway.protection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.webtrunk.gateway.config.ProtectionConfig;

class AuthFailureTrackerTest {
    private final Fixtures f = new Fixtures();
    private final InetAddress a = Fixtures.ip("198.51.100.7");

    private BanList bans;

    private AuthFailureTracker tracker(ProtectionConfig c) {
        AllowList allow = new AllowList(c.allowList());
        bans = new BanList(allow, 1000, f.metrics, f.clock);
        return new AuthFailureTracker(c, bans, allow, f.metrics, f.clock);
    }

    @Test
    void theNthWrongAnswerBansNotBefore() {
        AuthFailureTracker t = tracker(Fixtures.config()); // 5 in 60s, ban 15m
        for (int i = 1; i < 5; i++) {
            assertFalse(t.recordFailure(a, "user" + i), "failure " + i);
            assertFalse(bans.isBanned(a));
        }
        assertTrue(t.recordFailure(a, "user5"));
        assertTrue(bans.isBanned(a));
        assertEquals(Duration.ofMinutes(15), bans.remaining(a));
        assertEquals(1.0, f.counter("webtrunk.protection.bans", "reason", "auth-failures"));
    }

    @Test
    void successesDoNotCountAndDoNotLaunderAnAddress() {
        AuthFailureTracker t = tracker(Fixtures.config());
        for (int i = 0; i < 4; i++) {
            t.recordFailure(a, "guess" + i);
        }
        for (int i = 0; i < 50; i++) {
            t.recordSuccess(a, "valid");
        }
        assertFalse(bans.isBanned(a));
        assertEquals(4, t.failures(a));
        assertTrue(t.recordFailure(a, "guess9"));
    }

    @Test
    void failuresForOneCredentialFromManyAddressesBanTheLastSender() {
        AuthFailureTracker t = tracker(Fixtures.config());
        for (int i = 1; i <= 4; i++) {
            assertFalse(t.recordFailure(Fixtures.ip("203.0.113." + i), "1767225600:alice"));
        }
        InetAddress fifth = Fixtures.ip("203.0.113.5");
        assertTrue(t.recordFailure(fifth, "1767225600:alice"));
        assertTrue(bans.isBanned(fifth));
        assertFalse(bans.isBanned(Fixtures.ip("203.0.113.1")));
    }

    @Test
    void successOfTheCredentialForgetsItsFailures() {
        AuthFailureTracker t = tracker(Fixtures.config());
        for (int i = 1; i <= 4; i++) {
            t.recordFailure(Fixtures.ip("203.0.113." + i), "bob");
        }
        t.recordSuccess(Fixtures.ip("203.0.113.9"), "bob");
        assertFalse(t.recordFailure(Fixtures.ip("203.0.113.5"), "bob"));
    }

    @Test
    void failuresOutsideTheWindowAreForgotten() {
        AuthFailureTracker t = tracker(Fixtures.config());
        for (int i = 0; i < 4; i++) {
            t.recordFailure(a, null);
        }
        f.ticker.advance(Duration.ofSeconds(60));
        assertFalse(t.recordFailure(a, null));
        assertEquals(1, t.failures(a));
    }

    @Test
    void allowListedAddressesAreNeverBanned() {
        AuthFailureTracker t = tracker(Fixtures.withAllowList(Fixtures.config(), List.of("198.51.100.0/24")));
        for (int i = 0; i < 20; i++) {
            assertFalse(t.recordFailure(a, "x"));
        }
        assertFalse(bans.isBanned(a));
    }

    @Test
    void longCredentialIdsAreCut() {
        String longId = "x".repeat(10_000);
        assertEquals(AuthFailureTracker.MAX_ID_CHARS, AuthFailureTracker.key(longId).length());
        assertEquals("short", AuthFailureTracker.key("short"));
    }
}
