package org.webtrunk.gateway.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class FixedWindowRateLimiterTest {
    private final TokenFixtures.FakeTicker ticker = new TokenFixtures.FakeTicker();

    @Test
    void allowsTheLimitPerWindowThenSaysHowLongToWait() {
        FixedWindowRateLimiter<String> limiter = new FixedWindowRateLimiter<>(3, Duration.ofSeconds(1), 100, ticker);
        for (int i = 0; i < 3; i++) {
            assertEquals(0, limiter.acquire("a"));
        }
        ticker.advance(Duration.ofMillis(400));
        assertEquals(Duration.ofMillis(600).toNanos(), limiter.acquire("a"));
        assertEquals(0, limiter.acquire("b"), "keys are counted apart");
        ticker.advance(Duration.ofMillis(600));
        assertEquals(0, limiter.acquire("a"), "a new window starts once the old one ends");
    }

    @Test
    void tracksAtMostMaxKeys() {
        FixedWindowRateLimiter<Integer> limiter = new FixedWindowRateLimiter<>(1, Duration.ofSeconds(1), 50, ticker);
        for (int i = 0; i < 1000; i++) {
            limiter.acquire(i);
        }
        assertTrue(limiter.size() <= 50, "size " + limiter.size());
    }

    @Test
    void forgetsKeysWhenTheirWindowEnds() {
        FixedWindowRateLimiter<Integer> limiter = new FixedWindowRateLimiter<>(1, Duration.ofSeconds(1), 50, ticker);
        limiter.acquire(1);
        ticker.advance(Duration.ofSeconds(2));
        assertEquals(0, limiter.size());
    }
}
