package org.webtrunk.gateway.protection;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fixed-window counters per key, bounded: an entry starts its window at the first event and expires a window
 * later (increments are not writes, so the window does not slide). When the table is full Caffeine's W-TinyLFU
 * policy evicts the coldest key, counted in {@code webtrunk_protection_evictions_total{table}}: under a flood of
 * spoofed sources memory stays flat and the busiest real sources are the ones kept.
 *
 * @param <K> the key, an address or a credential id
 */
final class WindowCounters<K> {
    private final Cache<K, AtomicInteger> table;
    private final Duration window;

    WindowCounters(String name, long maxSize, Duration window, ProtectionClock clock, ProtectionMetrics metrics) {
        this.window = window;
        this.table = Caffeine.newBuilder()
                .maximumSize(maxSize)
                .expireAfterWrite(window)
                .ticker(clock.ticker())
                .executor(clock.executor())
                .<K, AtomicInteger>evictionListener((k, v, cause) -> {
                    if (cause == RemovalCause.SIZE) {
                        metrics.evicted(name);
                    }
                })
                .build();
    }

    /** Counts one event; returns the count in the current window, this one included. */
    int increment(K key) {
        return table.get(key, k -> new AtomicInteger()).incrementAndGet();
    }

    /** The count in the current window, 0 if none. */
    int count(K key) {
        AtomicInteger c = table.getIfPresent(key);
        return c == null ? 0 : c.get();
    }

    void reset(K key) {
        table.invalidate(key);
    }

    Duration window() {
        return window;
    }

    /** The live table, for admin views and tests; expired entries are not visible. */
    Cache<K, AtomicInteger> table() {
        return table;
    }
}
