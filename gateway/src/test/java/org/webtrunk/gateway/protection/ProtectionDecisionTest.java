package org.webtrunk.gateway.protection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProtectionDecisionTest {
    @Test
    void retryAfterIsWholeSecondsRoundedUpAndAtLeastOne() {
        assertEquals(List.of("Retry-After: 2"),
                ProtectionDecision.reject(503, "Service Unavailable", Duration.ofMillis(1500), "t").headers());
        assertEquals(List.of("Retry-After: 1"),
                ProtectionDecision.reject(503, "Service Unavailable", Duration.ZERO, "t").headers());
        assertEquals(List.of(), ProtectionDecision.reject(486, "Busy Here", null, "t").headers());
    }

    @Test
    void aRejectNeedsAnErrorStatus() {
        assertThrows(IllegalArgumentException.class, () -> ProtectionDecision.reject(200, "OK", null, "t"));
    }
}
