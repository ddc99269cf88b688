package org.webtrunk.gateway.token;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts requests per key in fixed windows that start at a key's first request. Only decides; the caller
 * acts. Bounded: at most {@code maxKeys} keys (Caffeine evicts beyond, enforced on the calling thread), each
 * forgotten when its window ends. Thread-safe.
 *
 * @param <K> what is limited: a source address, an account
 */
final class FixedWindowRateLimiter<K> {
    private final int limit;
    private final long windowNanos;
    private final Ticker ticker;
    private final Cache<K, Window> windows;

    private record Window(long startNanos, AtomicInteger count) {
    }

    /**
     * @param limit   requests allowed per window
     * @param window  window length
     * @param maxKeys most keys tracked at once
     * @param ticker  monotonic nanoseconds ({@link Ticker#systemTicker()}, a fake in tests)
     */
    FixedWindowRateLimiter(int limit, Duration window, long maxKeys, Ticker ticker) {
        if (limit < 1 || maxKeys < 1 || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("limit, window and maxKeys must be positive");
        }
        this.limit = limit;
        this.windowNanos = window.toNanos();
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        this.windows = Caffeine.newBuilder()
                .maximumSize(maxKeys)
                .expireAfterWrite(window)
                .ticker(ticker)
                .executor(Runnable::run)
                .build();
    }

    /**
     * Counts one request for {@code key}.
     *
     * @return 0 when allowed, else the nanoseconds until the key's window ends (at least 1)
     */
    long acquire(K key) {
        Window w = windows.get(key, k -> new Window(ticker.read(), new AtomicInteger()));
        if (w.count().get() < limit && w.count().incrementAndGet() <= limit) {
            return 0;
        }
        return Math.max(1, w.startNanos() + windowNanos - ticker.read());
    }

    /** Keys tracked now (after pending evictions). */
    long size() {
        windows.cleanUp();
        return windows.estimatedSize();
    }
}
