package org.webtrunk.gateway.protection;

import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;

/**
 * Time and table maintenance for the protection tables, injectable so tests run with a fake {@link Ticker} and
 * {@code Runnable::run} and never sleep.
 *
 * @param ticker   monotonic nanoseconds: windows, ban expiry, token buckets
 * @param executor where Caffeine runs table maintenance
 * @param wall     wall clock, only to show ban expiry times to operators
 */
public record ProtectionClock(Ticker ticker, Executor executor, Clock wall) {

    public ProtectionClock {
        Objects.requireNonNull(ticker, "ticker");
        Objects.requireNonNull(executor, "executor");
        Objects.requireNonNull(wall, "wall");
    }

    public static ProtectionClock system() {
        return new ProtectionClock(Ticker.systemTicker(), ForkJoinPool.commonPool(), Clock.systemUTC());
    }

    long nanos() {
        return ticker.read();
    }
}
