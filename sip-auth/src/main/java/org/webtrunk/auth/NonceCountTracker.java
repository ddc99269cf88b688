package org.webtrunk.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Replay protection for qop=auth (<a href="https://datatracker.ietf.org/doc/html/rfc7616#section-5.5">RFC 7616
 * §5.5</a>): the highest nonce-count accepted per nonce; a count that does not increase is a replay. Entries
 * live as long as a nonce is valid (a stale nonce is refused before this is asked), and the table is bounded:
 * under a flood of more distinct nonces than {@code maxEntries} the oldest are forgotten, which only reopens
 * replays of those nonces within their remaining lifetime.
 */
final class NonceCountTracker {
    private final Cache<String, AtomicLong> highest;

    NonceCountTracker(long maxEntries, Duration lifetime, Ticker ticker, Executor executor) {
        Caffeine<Object, Object> b = Caffeine.newBuilder()
                .maximumSize(maxEntries)
                .expireAfterWrite(lifetime)
                .ticker(ticker);
        if (executor != null) {
            b.executor(executor);
        }
        this.highest = b.build();
    }

    /** Records {@code nc} for {@code nonce}; false if it was not above every count seen for it (a replay). */
    boolean accept(String nonce, long nc) {
        AtomicLong seen = highest.get(nonce, k -> new AtomicLong());
        while (true) {
            long prev = seen.get();
            if (nc <= prev) {
                return false;
            }
            if (seen.compareAndSet(prev, nc)) {
                return true;
            }
        }
    }

    long size() {
        highest.cleanUp();
        return highest.estimatedSize();
    }
}
