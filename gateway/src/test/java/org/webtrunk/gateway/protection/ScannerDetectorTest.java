package org.webtrunk.gateway.protection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.webtrunk.gateway.config.ProtectionConfig;

class ScannerDetectorTest {
    private final Fixtures f = new Fixtures();
    private final InetAddress a = Fixtures.ip("198.51.100.7");
    private BanList bans;

    private ScannerDetector detector(ProtectionConfig c) {
        bans = new BanList(new AllowList(c.allowList()), 1000, f.metrics, f.clock);
        return new ScannerDetector(c, bans, f.metrics, f.clock);
    }

    @Test
    void scannerUserAgentsMatchCaseInsensitiveSubstrings() {
        ScannerDetector d = detector(Fixtures.config());
        assertTrue(d.isScannerUserAgent("friendly-scanner"));
        assertTrue(d.isScannerUserAgent("Friendly-Scanner 1.8"));
        assertTrue(d.isScannerUserAgent("SIPVicious svwar 0.3"));
        assertTrue(d.isScannerUserAgent("sipcli/v1.8"));
        assertTrue(d.isScannerUserAgent("VaxSIPUserAgent/3.1"));
        assertFalse(d.isScannerUserAgent("JsSIP 3.13.4"));
        assertFalse(d.isScannerUserAgent("sipsak 0.9.8"));
        assertFalse(d.isScannerUserAgent(null));
        assertFalse(d.isScannerUserAgent(""));
    }

    @Test
    void aScannerIsDroppedAndBannedWhenConfigured() {
        ScannerDetector d = detector(Fixtures.config());
        ProtectionDecision decision = d.checkUserAgent(a, "friendly-scanner");
        assertEquals(ProtectionDecision.Action.DROP, decision.action());
        assertTrue(bans.isBanned(a));
        assertEquals(Duration.ofHours(1), bans.remaining(a));
        assertTrue(d.checkUserAgent(Fixtures.ip("198.51.100.8"), "JsSIP 3.13.4").allowed());
    }

    @Test
    void withoutBanAScannerIsOnlyDropped() {
        ScannerDetector d = detector(Fixtures.withScanner(Fixtures.config(),
                s -> new ProtectionConfig.Scanner(List.of("evil"), false, s.banTime(), 2, s.unknownNumberWindow())));
        assertEquals(ProtectionDecision.Action.DROP, d.checkUserAgent(a, "EVIL-bot").action());
        assertTrue(d.checkUserAgent(a, "friendly-scanner").allowed()); // the list is configurable
        assertFalse(bans.isBanned(a));
        for (int i = 0; i < 10; i++) {
            d.unknownNumber(a);
        }
        assertFalse(bans.isBanned(a));
    }

    @Test
    void unknownNumbersAreRefusedCountedAndBanAtTheLimit() {
        ScannerDetector d = detector(Fixtures.config()); // 10 per 60 s
        for (int i = 1; i < 10; i++) {
            ProtectionDecision r = d.unknownNumber(a);
            assertEquals(404, r.status());
            assertFalse(bans.isBanned(a), "request " + i);
        }
        d.unknownNumber(a);
        assertTrue(bans.isBanned(a));
        assertEquals(10.0, f.registry.get("webtrunk.protection.unknown.numbers").counter().count());
        assertEquals(1.0, f.counter("webtrunk.protection.bans", "reason", "unknown-numbers"));
    }
}
