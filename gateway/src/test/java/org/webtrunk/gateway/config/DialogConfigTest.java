package org.webtrunk.gateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DialogConfigTest {
    private final ConfigErrors errors = new ConfigErrors("test.yaml");

    @Test
    void emptySectionGivesTheDefaults() {
        DialogConfig c = DialogConfig.read(Yaml.node("", errors).section("dialogs"));
        assertTrue(errors.isEmpty(), errors.messages().toString());
        assertEquals(DialogConfig.defaults(), c);
        assertEquals(Duration.ofHours(4), c.maxDuration());
        assertEquals(Duration.ofSeconds(90), c.minSessionExpires());
        assertFalse(c.probesTrunks());
    }

    @Test
    void settingsAreRead() {
        DialogConfig c = DialogConfig.read(Yaml.node("dialogs: {max-dialogs: 10, max-duration: 2h, min-se: 120,"
                + " session-timer-grace: 10s, trunk-probe-interval: 60s, retry-after: 9}", errors).section("dialogs"));
        assertTrue(errors.isEmpty(), errors.messages().toString());
        assertEquals(new DialogConfig(10, Duration.ofHours(2), Duration.ofSeconds(120), Duration.ofSeconds(10),
                Duration.ofSeconds(60), 9, Duration.ZERO), c);
    }

    @Test
    void minSeBelowTheRfcFloorAndTinyProbeIntervalsAreErrors() {
        DialogConfig.read(Yaml.node("dialogs: {min-se: 60, trunk-probe-interval: 2s}", errors).section("dialogs"));
        String all = String.join("\n", errors.messages());
        assertTrue(all.contains("dialogs.min-se"), all);
        assertTrue(all.contains("dialogs.trunk-probe-interval: must be 0 (off) or at least 10s"), all);
        assertEquals(2, errors.messages().size(), all);
    }
}
