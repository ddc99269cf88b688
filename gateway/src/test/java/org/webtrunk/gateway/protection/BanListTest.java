package org.webtrunk.gateway.protection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class BanListTest {
    private final Fixtures f = new Fixtures();
    private final InetAddress a = Fixtures.ip("198.51.100.7");

    private BanList bans(List<String> allow) {
        return new BanList(new AllowList(allow), 1000, f.metrics, f.clock);
    }

    @Test
    void banLastsItsTimeThenExpires() {
        BanList bans = bans(List.of());
        assertTrue(bans.ban(a, BanReason.FLOOD, Duration.ofMinutes(5)));
        assertTrue(bans.isBanned(a));
        f.ticker.advance(Duration.ofMinutes(5).minusSeconds(1));
        assertTrue(bans.isBanned(a));
        assertEquals(Duration.ofSeconds(1), bans.remaining(a));
        f.ticker.advance(Duration.ofSeconds(1));
        assertFalse(bans.isBanned(a));
        assertNull(bans.remaining(a));
        assertEquals(0, bans.size());
    }

    @Test
    void allowListedAddressesAreNeverBannedV4AndV6() {
        BanList bans = bans(List.of("203.0.113.0/24", "2001:db8:1::/48"));
        InetAddress trunk4 = Fixtures.ip("203.0.113.200");
        InetAddress trunk6 = Fixtures.ip("2001:db8:1:ffff::5");
        assertFalse(bans.ban(trunk4, BanReason.MANUAL, Duration.ofHours(1)));
        assertFalse(bans.ban(trunk6, BanReason.AUTH_FAILURES, Duration.ofHours(1)));
        assertFalse(bans.isBanned(trunk4));
        assertFalse(bans.isBanned(trunk6));
        InetAddress outside6 = Fixtures.ip("2001:db8:2::5");
        assertTrue(bans.ban(outside6, BanReason.FLOOD, Duration.ofHours(1)));
        assertTrue(bans.isBanned(outside6));
    }

    @Test
    void aShorterBanDoesNotCutALongerOneAndReBanningCountsOnce() {
        BanList bans = bans(List.of());
        bans.ban(a, BanReason.AUTH_FAILURES, Duration.ofMinutes(15));
        bans.ban(a, BanReason.FLOOD, Duration.ofMinutes(1));
        assertEquals(Duration.ofMinutes(15), bans.remaining(a));
        assertEquals(1.0, f.counter("webtrunk.protection.bans", "reason", "auth-failures"));
        assertEquals(0.0, f.counter("webtrunk.protection.bans", "reason", "flood"));
        bans.ban(a, BanReason.FLOOD, Duration.ofHours(1));
        assertEquals(Duration.ofHours(1), bans.remaining(a));
    }

    @Test
    void listShowsReasonAndExpirySoonestFirstAndUnbanLifts() {
        BanList bans = bans(List.of());
        InetAddress b = Fixtures.ip("2001:db8::9");
        bans.ban(a, BanReason.FLOOD, Duration.ofMinutes(5));
        bans.ban(b, BanReason.SCANNER, Duration.ofMinutes(1));
        f.ticker.advance(Duration.ofSeconds(30));
        List<BanList.BanEntry> list = bans.list();
        assertEquals(2, list.size());
        assertEquals(new BanList.BanEntry("2001:db8:0:0:0:0:0:9", "scanner", Fixtures.WALL.plusSeconds(30),
                Duration.ofSeconds(30)), list.get(0));
        assertEquals("198.51.100.7", list.get(1).address());
        assertEquals("flood", list.get(1).reason());
        assertEquals(2.0, f.registry.get("webtrunk.protection.bans.active").gauge().value());

        assertTrue(bans.unban("198.51.100.7"));
        assertFalse(bans.isBanned(a));
        assertFalse(bans.unban("198.51.100.7"));
        assertThrows(IllegalArgumentException.class, () -> bans.unban("example.com"));
        assertEquals(1.0, f.registry.get("webtrunk.protection.bans.active").gauge().value());
    }

    @Test
    void owedAnswerIsGivenExactlyOnce() {
        BanList bans = bans(List.of());
        bans.ban(a, BanReason.FLOOD, Duration.ofMinutes(5), true);
        assertTrue(bans.takeOwedAnswer(a));
        assertFalse(bans.takeOwedAnswer(a));
        InetAddress b = Fixtures.ip("198.51.100.8");
        bans.ban(b, BanReason.FLOOD, Duration.ofMinutes(5));
        assertFalse(bans.takeOwedAnswer(b));
    }

    @Test
    void fullTableEvictsAndCountsIt() {
        BanList bans = new BanList(new AllowList(List.of()), 100, f.metrics, f.clock);
        for (int i = 0; i < 1000; i++) {
            bans.ban(Fixtures.ip("10.0." + (i / 256) + "." + (i % 256)), BanReason.FLOOD, Duration.ofMinutes(5));
        }
        assertTrue(bans.size() <= 100, "size " + bans.size());
        assertTrue(f.counter("webtrunk.protection.evictions", "table", "bans") >= 900);
    }
}
