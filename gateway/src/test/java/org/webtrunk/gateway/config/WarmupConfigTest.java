package org.webtrunk.gateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class WarmupConfigTest {
    private final ConfigErrors errors = new ConfigErrors("test.yaml");

    @Test
    void aStartedGatewayWarmsUpForFiveSecondsByDefault() {
        WarmupConfig c = WarmupConfig.read(Yaml.node("", errors).section("warmup"));
        assertTrue(errors.isEmpty(), errors.messages().toString());
        assertEquals(Duration.ofSeconds(5), c.duration());
        assertTrue(c.enabled());
    }

    @Test
    void zeroTurnsItOff() {
        WarmupConfig c = WarmupConfig.read(Yaml.node("warmup: {duration: 0s}", errors).section("warmup"));
        assertTrue(errors.isEmpty(), errors.messages().toString());
        assertFalse(c.enabled());
    }

    @Test
    void tooLongOrUnknownKeysAreErrorsNamingTheKey() {
        WarmupConfig.read(Yaml.node("warmup: {duration: 2m, calls: 10}", errors).section("warmup"));
        String all = String.join("\n", errors.messages());
        assertTrue(all.contains("warmup.duration: must be"), all);
        assertTrue(all.contains("warmup.calls"), all);
        assertEquals(2, errors.messages().size(), all);
    }
}
