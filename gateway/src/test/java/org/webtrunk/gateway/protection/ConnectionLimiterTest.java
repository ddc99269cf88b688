package org.webtrunk.gateway.protection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.webtrunk.gateway.config.ProtectionConfig;

class ConnectionLimiterTest {
    private final Fixtures f = new Fixtures();
    private final InetAddress a = Fixtures.ip("198.51.100.7");

    private ConnectionLimiter limiter(int perAddress, int total, int handshakes, List<String> allow) {
        ProtectionConfig c = Fixtures.withAllowList(Fixtures.withLimits(Fixtures.config(),
                l -> Fixtures.connections(l, perAddress, total, handshakes)), allow);
        return new ConnectionLimiter(c, new AllowList(allow), f.metrics);
    }

    @Test
    void thePerAddressLimitRefusesTheNextAndAReleaseFreesASlot() {
        ConnectionLimiter l = limiter(3, 100, 100, List.of());
        ConnectionLimiter.Lease first = l.tryAcquire(a, false);
        assertNotNull(first);
        assertNotNull(l.tryAcquire(a, false));
        assertNotNull(l.tryAcquire(a, false));
        assertNull(l.tryAcquire(a, false));
        assertNotNull(l.tryAcquire(Fixtures.ip("198.51.100.8"), false));
        assertEquals(1.0, f.counter("webtrunk.protection.limit.hits", "limit", "connections-per-address"));
        first.release();
        first.release(); // idempotent
        assertEquals(2, l.openConnections(a));
        assertNotNull(l.tryAcquire(a, false));
        assertNull(l.tryAcquire(a, false));
        assertEquals(4, l.openConnections());
    }

    @Test
    void theTotalLimitRefusesAnyAddress() {
        ConnectionLimiter l = limiter(5, 5, 100, List.of());
        for (int i = 0; i < 5; i++) {
            assertNotNull(l.tryAcquire(Fixtures.ip("203.0.113." + i), false));
        }
        assertNull(l.tryAcquire(Fixtures.ip("203.0.113.99"), false));
        assertEquals(5, l.openConnections());
        assertEquals(1.0, f.counter("webtrunk.protection.limit.hits", "limit", "connections-total"));
    }

    @Test
    void handshakesInProgressAreLimitedUntilDone() {
        ConnectionLimiter l = limiter(100, 100, 2, List.of());
        ConnectionLimiter.Lease one = l.tryAcquire(a, true);
        assertNotNull(l.tryAcquire(a, true));
        assertNull(l.tryAcquire(a, true));
        assertNotNull(l.tryAcquire(a, false)); // plain TCP takes no handshake slot
        one.handshakeDone();
        one.handshakeDone();
        assertEquals(1, l.handshakesInProgress());
        assertNotNull(l.tryAcquire(a, true));
        assertEquals(4, l.openConnections());
        one.release();
        assertEquals(2, l.handshakesInProgress());
        assertEquals(3, l.openConnections());
    }

    @Test
    void aRefusalOnTheAddressGivesBackItsTotalAndHandshakeSlots() {
        ConnectionLimiter l = limiter(1, 100, 100, List.of());
        assertNotNull(l.tryAcquire(a, true));
        assertNull(l.tryAcquire(a, true));
        assertEquals(1, l.openConnections());
        assertEquals(1, l.handshakesInProgress());
    }

    @Test
    void allowListedAddressesAreExemptFromThePerAddressLimitOnly() {
        ConnectionLimiter l = limiter(1, 3, 100, List.of("198.51.100.0/24"));
        assertNotNull(l.tryAcquire(a, false));
        assertNotNull(l.tryAcquire(a, false));
        assertNotNull(l.tryAcquire(a, false));
        assertNull(l.tryAcquire(a, false));
    }
}
