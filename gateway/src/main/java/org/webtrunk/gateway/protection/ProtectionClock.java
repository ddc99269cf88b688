package org.webtrunk.gateway.protection;

import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.Executor;

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

    /**
     * Maintenance on the calling thread (the event loop): the tables are written on every message, and handing
     * their maintenance to the common pool woke a pool thread several thousand times a second (about 9 % of the
     * gateway's CPU under 2,000 REGISTER/s; docs/benchmarks-history.md, "Profile: authenticated REGISTER over UDP").
     */
    public static ProtectionClock system() {
        return new ProtectionClock(Ticker.systemTicker(), Runnable::run, Clock.systemUTC());
    }

    long nanos() {
        return ticker.read();
    }
}
