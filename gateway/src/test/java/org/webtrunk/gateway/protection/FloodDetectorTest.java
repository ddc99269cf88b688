package org.webtrunk.gateway.protection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.webtrunk.gateway.config.ProtectionConfig;

class FloodDetectorTest {
    private final Fixtures f = new Fixtures();
    private final InetAddress a = Fixtures.ip("198.51.100.7");

    private FloodDetector detector(ProtectionConfig c) {
        return new FloodDetector(c, new AllowList(c.allowList()), f.metrics, f.clock);
    }

    @Test
    void crossingTheDensityMarksFloodingNotBefore() {
        FloodDetector d = detector(Fixtures.withFlood(Fixtures.config(), 10, ProtectionConfig.FloodAction.DROP));
        for (int i = 1; i <= 10; i++) {
            assertFalse(d.recordRequest(a), "request " + i);
        }
        assertTrue(d.recordRequest(a));
        assertTrue(d.isFlooding(a));
        assertFalse(d.isFlooding(Fixtures.ip("198.51.100.8")));
    }

    @Test
    void aNewWindowStartsFromZero() {
        ProtectionConfig c = Fixtures.withFlood(Fixtures.config(), 10, ProtectionConfig.FloodAction.DROP);
        FloodDetector d = detector(c);
        for (int i = 0; i < 10; i++) {
            d.recordRequest(a);
        }
        f.ticker.advance(c.flood().window());
        assertFalse(d.isFlooding(a));
        for (int i = 0; i < 10; i++) {
            assertFalse(d.recordRequest(a));
        }
    }

    @Test
    void allowListedSourcesAreNeverFlooding() {
        ProtectionConfig c = Fixtures.withAllowList(
                Fixtures.withFlood(Fixtures.config(), 1, ProtectionConfig.FloodAction.DROP), List.of("198.51.100.0/24"));
        FloodDetector d = detector(c);
        for (int i = 0; i < 100; i++) {
            assertFalse(d.recordRequest(a));
        }
        assertEquals(0, d.trackedAddresses());
    }

    @Test
    void topTalkersAreTheBusiestFirst() {
        FloodDetector d = detector(Fixtures.config());
        for (int i = 0; i < 5; i++) {
            d.recordRequest(Fixtures.ip("192.0.2.1"));
        }
        for (int i = 0; i < 9; i++) {
            d.recordRequest(Fixtures.ip("2001:db8::1"));
        }
        d.recordRequest(Fixtures.ip("192.0.2.3"));
        TopTalkers top = d.topTalkers(2);
        assertEquals(Fixtures.config().flood().window(), top.window());
        assertEquals(List.of(new TopTalkers.Talker("2001:db8:0:0:0:0:0:1", 9), new TopTalkers.Talker("192.0.2.1", 5)),
                top.talkers());
        assertEquals(List.of(), d.topTalkers(0).talkers());
    }

    /** A million spoofed sources: the table stays at its bound and the evictions are counted. */
    @Test
    void millionsOfDistinctSourcesStayBounded() throws UnknownHostException {
        ProtectionConfig c = Fixtures.withTableSize(Fixtures.config(), 100_000);
        FloodDetector d = detector(c);
        byte[] addr = new byte[4];
        for (int i = 0; i < 1_000_000; i++) {
            addr[0] = 10;
            addr[1] = (byte) (i >>> 16);
            addr[2] = (byte) (i >>> 8);
            addr[3] = (byte) i;
            d.recordRequest(InetAddress.getByAddress(addr));
        }
        long size = d.trackedAddresses();
        assertTrue(size <= 100_000, "tracked " + size);
        assertTrue(f.counter("webtrunk.protection.evictions", "table", "flood") >= 900_000,
                "evictions " + f.counter("webtrunk.protection.evictions", "table", "flood"));
    }
}
