package org.webtrunk.gateway.protection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RequestRateLimiterTest {
    private final Fixtures f = new Fixtures();
    private final RequestRateLimiter limiter = new RequestRateLimiter(
            Fixtures.withLimits(Fixtures.config(), l -> Fixtures.requests(l, 10, 20)), f.metrics, f.clock);

    @Test
    void aBurstPassesThenTheConnectionIsRefusedWithRetryAfter() {
        EmbeddedChannel ch = new EmbeddedChannel();
        for (int i = 0; i < 20; i++) {
            assertTrue(limiter.check(ch).allowed(), "request " + i);
        }
        ProtectionDecision refused = limiter.check(ch);
        assertEquals(503, refused.status());
        assertEquals(List.of("Retry-After: 1"), refused.headers());
        assertEquals(1.0, f.counter("webtrunk.protection.limit.hits", "limit", "request-rate"));
        assertFalse(ch.finish());
    }

    @Test
    void tokensRefillAtTheRateUpToTheBurst() {
        EmbeddedChannel ch = new EmbeddedChannel();
        for (int i = 0; i < 20; i++) {
            limiter.check(ch);
        }
        f.ticker.advance(Duration.ofMillis(300)); // 3 tokens at 10/s
        for (int i = 0; i < 3; i++) {
            assertTrue(limiter.check(ch).allowed());
        }
        assertFalse(limiter.check(ch).allowed());
        f.ticker.advance(Duration.ofHours(1));
        int passed = 0;
        while (limiter.check(ch).allowed()) {
            passed++;
        }
        assertEquals(20, passed);
        assertFalse(ch.finish());
    }

    @Test
    void eachConnectionHasItsOwnBucket() {
        EmbeddedChannel busy = new EmbeddedChannel();
        EmbeddedChannel quiet = new EmbeddedChannel();
        for (int i = 0; i < 25; i++) {
            limiter.check(busy);
        }
        assertFalse(limiter.check(busy).allowed());
        assertTrue(limiter.check(quiet).allowed());
        assertFalse(busy.finish());
        assertFalse(quiet.finish());
    }
}
