package org.webtrunk.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.concurrent.Executor;

/**
 * Replay protection for qop=auth (<a href="https://datatracker.ietf.org/doc/html/rfc7616#section-5.5">RFC 7616
 * §5.5</a>): the highest nonce-count accepted per nonce; a count that does not increase is a replay. Entries
 * live as long as a nonce is valid (a stale nonce is refused before this is asked), and the table is bounded:
 * under a flood of more distinct nonces than {@code maxEntries} the oldest are forgotten, which only reopens
 * replays of those nonces within their remaining lifetime.
 *
 * <p>A request answered without transaction state (a REGISTER over UDP, answered as Kamailio's {@code sl} does)
 * comes back whole when its answer is lost: the same nonce and count from the same request. When the caller
 * names the request ({@code requestKey}: its Via branch and source address), that exact retransmission of the
 * request that set the highest count is accepted again; any other repeat is a replay.
 */
final class NonceCountTracker {
    private final Cache<String, Seen> highest;

    /** The highest count seen for a nonce and the request that carried it; guarded by itself. */
    private static final class Seen {
        long nc;
        String requestKey;
    }

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
        return accept(nonce, nc, null);
    }

    /**
     * The same, and true again for the request that set the highest count when it is retransmitted
     * ({@code requestKey} equal and not null).
     */
    boolean accept(String nonce, long nc, String requestKey) {
        Seen seen = highest.get(nonce, k -> new Seen());
        synchronized (seen) {
            if (nc > seen.nc) {
                seen.nc = nc;
                seen.requestKey = requestKey;
                return true;
            }
            return nc == seen.nc && requestKey != null && requestKey.equals(seen.requestKey);
        }
    }

    long size() {
        highest.cleanUp();
        return highest.estimatedSize();
    }
}
