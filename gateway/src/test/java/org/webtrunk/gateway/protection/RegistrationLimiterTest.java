package org.webtrunk.gateway.protection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RegistrationLimiterTest {
    private final Fixtures f = new Fixtures();
    private final RegistrationLimiter limiter = new RegistrationLimiter(Fixtures.config(), f.metrics, f.clock);

    @Test
    void theSixthRegisterInAMinuteIsRefusedPerCredential() {
        for (int i = 0; i < 5; i++) {
            assertTrue(limiter.checkRegistration("1767225600:alice").allowed());
        }
        ProtectionDecision refused = limiter.checkRegistration("1767225600:alice");
        assertEquals(503, refused.status());
        assertEquals(List.of("Retry-After: 5"), refused.headers());
        assertTrue(limiter.checkRegistration("1767225600:bob").allowed());
        assertEquals(1.0, f.counter("webtrunk.protection.limit.hits", "limit", "registrations"));
        f.ticker.advance(Duration.ofSeconds(60));
        assertTrue(limiter.checkRegistration("1767225600:alice").allowed());
    }
}
