package org.webtrunk.gateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RegistrarConfigTest {
    private final ConfigErrors errors = new ConfigErrors("test.yaml");

    @Test
    void emptySectionGivesTheDefaults() {
        RegistrarConfig c = RegistrarConfig.read(Yaml.node("", errors).section("registrar"));
        assertTrue(errors.isEmpty(), errors.messages().toString());
        assertEquals(RegistrarConfig.defaults(), c);
        assertEquals(100_000, c.maxBindings());
        assertEquals(10, c.maxPerAor());
        assertEquals(Duration.ofSeconds(60), c.minExpires());
        assertEquals(Duration.ofSeconds(3600), c.maxExpires());
        assertEquals(Duration.ofSeconds(600), c.defaultExpires());
    }

    @Test
    void bareNumbersAreSeconds() {
        RegistrarConfig c = RegistrarConfig.read(Yaml.node(
                "registrar: {max-bindings: 5, max-per-aor: 2, min-expires: 30, max-expires: 7200, default-expires: 300}",
                errors).section("registrar"));
        assertTrue(errors.isEmpty(), errors.messages().toString());
        assertEquals(new RegistrarConfig(5, 2, Duration.ofSeconds(30), Duration.ofSeconds(7200),
                Duration.ofSeconds(300)), c);
    }

    @Test
    void inconsistentBoundsAreErrorsNamingTheKey() {
        RegistrarConfig.read(Yaml.node("registrar: {min-expires: 600, default-expires: 60, max-bindings: 0}", errors)
                .section("registrar"));
        String all = String.join("\n", errors.messages());
        assertTrue(all.contains("registrar.default-expires: must be between min-expires (600s)"), all);
        assertTrue(all.contains("registrar.max-bindings: must be between 1"), all);
        assertEquals(2, errors.messages().size(), all);
    }
}
