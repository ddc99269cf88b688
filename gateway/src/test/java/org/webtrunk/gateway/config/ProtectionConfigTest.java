package org.webtrunk.gateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProtectionConfigTest {
    private final ConfigErrors errors = new ConfigErrors("test.yaml");

    private ProtectionConfig read(String yaml) {
        return ProtectionConfig.read(Yaml.node(yaml, errors).section("protection"));
    }

    @Test
    void emptySectionGivesTheDocumentedDefaults() {
        ProtectionConfig c = read("");
        assertTrue(errors.isEmpty(), errors.messages().toString());
        assertEquals(ProtectionConfig.defaults(), c);
        assertEquals(List.of(), c.allowList());
        assertEquals(100_000, c.maxTrackedAddresses());
        assertEquals(new ProtectionConfig.Flood(Duration.ofSeconds(2), 400, ProtectionConfig.FloodAction.DROP,
                Duration.ofMinutes(5)), c.flood());
        assertEquals(new ProtectionConfig.AuthFailures(5, Duration.ofSeconds(60), Duration.ofMinutes(15)),
                c.authFailures());
        assertTrue(c.scanner().userAgents().contains("friendly-scanner"));
        assertTrue(c.scanner().userAgents().stream().noneMatch(s -> s.contains("sipsak")));
        assertEquals(new ProtectionConfig.Limits(20, 10_000, 1000, 50, 100, 20, 100,
                ProtectionConfig.LimitRefusal.SERVICE_UNAVAILABLE, Duration.ofSeconds(5), 5, Duration.ofSeconds(60)),
                c.limits());
    }

    @Test
    void everyKeyIsRead() {
        ProtectionConfig c = read("""
                protection:
                  allow-list: [10.0.0.0/8, "2001:db8::/32", 192.0.2.7]
                  max-tracked-addresses: 5000
                  max-tracked-credentials: 6000
                  flood: {window: 1s, max-requests: 100, action: reject, ban-time: 10m}
                  auth-failures: {max-failures: 3, window: 2m, ban-time: 1h}
                  scanner: {user-agents: [evil], ban: false, ban-time: 5m, max-unknown-numbers: 4,
                            unknown-number-window: 30s}
                  limits: {connections-per-address: 2, connections-total: 50, handshakes-in-progress: 7,
                           requests-per-second: 5, request-burst: 10, calls-per-second-per-tenant: 3,
                           concurrent-calls-per-tenant: 9, call-refusal: 486, retry-after: 30s,
                           registrations-per-credential: 2, registration-window: 5m}
                """);
        assertTrue(errors.isEmpty(), errors.messages().toString());
        assertEquals(new ProtectionConfig(List.of("10.0.0.0/8", "2001:db8::/32", "192.0.2.7"), 5000, 6000,
                new ProtectionConfig.Flood(Duration.ofSeconds(1), 100, ProtectionConfig.FloodAction.REJECT,
                        Duration.ofMinutes(10)),
                new ProtectionConfig.AuthFailures(3, Duration.ofMinutes(2), Duration.ofHours(1)),
                new ProtectionConfig.Scanner(List.of("evil"), false, Duration.ofMinutes(5), 4, Duration.ofSeconds(30)),
                new ProtectionConfig.Limits(2, 50, 7, 5, 10, 3, 9, ProtectionConfig.LimitRefusal.BUSY_HERE,
                        Duration.ofSeconds(30), 2, Duration.ofMinutes(5))), c);
    }

    @Test
    void badValuesAreErrorsNamingTheKey() {
        read("""
                protection:
                  allow-list: [10.0.0.0/33, example.com, "::1/129"]
                  flood: {action: ban, max-requests: 0}
                  scanner: {user-agents: ["", x]}
                  limits: {call-refusal: 404, connections-per-address: 50, connections-total: 10,
                           requests-per-second: 10, request-burst: 5}
                  flod: {}
                """);
        String all = String.join("\n", errors.messages());
        assertTrue(all.contains("protection.allow-list: '10.0.0.0/33' prefix must be between 0 and 32"), all);
        assertTrue(all.contains("protection.allow-list: 'example.com' is not an IPv4 or IPv6 address"), all);
        assertTrue(all.contains("protection.allow-list: '::1/129' prefix must be between 0 and 128"), all);
        assertTrue(all.contains("protection.flood.action: must be one of [drop, reject]"), all);
        assertTrue(all.contains("protection.flood.max-requests: must be between 1"), all);
        assertTrue(all.contains("protection.scanner.user-agents: must not contain an empty entry"), all);
        assertTrue(all.contains("protection.limits.call-refusal: must be 503, 486 or 480"), all);
        assertTrue(all.contains("protection.limits.connections-per-address: must not exceed connections-total"), all);
        assertTrue(all.contains("protection.limits.request-burst: must be at least requests-per-second"), all);
        assertTrue(all.contains("protection.flod: unknown key"), all);
        assertEquals(10, errors.messages().size(), all);
    }
}
