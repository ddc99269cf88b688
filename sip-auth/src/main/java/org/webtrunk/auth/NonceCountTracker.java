package org.webtrunk.auth;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * Replay protection for qop=auth (<a href="https://datatracker.ietf.org/doc/html/rfc7616#section-5.5">RFC 7616
 * §5.5</a>): the highest nonce-count accepted per nonce; a count that does not increase is a replay.
 *
 * <p>Every nonce has the same lifetime (a stale nonce is refused before this is asked), so entries need no
 * expiry of their own: they go into the current generation, which becomes the previous one after a lifetime
 * and is dropped after another. An entry thus outlives its nonce, and costs one hash-map insert (a Caffeine
 * cache with per-entry expiry cost several times that, ~5 % of the gateway's CPU per REGISTER). Bounded: a
 * generation that reaches half of {@code maxEntries} is retired early, which under a flood of more distinct
 * nonces than that forgets the oldest ones and only reopens replays of those within their remaining lifetime.
 *
 * <p>A request answered without transaction state (a REGISTER over UDP, answered as Kamailio's {@code sl} does)
 * comes back whole when its answer is lost: the same nonce and count from the same request. When the caller
 * names the request ({@code requestKey}: its Via branch and source address), that exact retransmission of the
 * request that set the highest count is accepted again; any other repeat is a replay.
 */
final class NonceCountTracker {
    private final int maxPerGeneration;
    private final long lifetimeNanos;
    private final LongSupplier nanoTime;
    private volatile Generation current;
    private volatile Generation previous;

    /** The highest count seen for a nonce and the request that carried it; guarded by itself. */
    private static final class Seen {
        long nc;
        String requestKey;
    }

    private static final class Generation {
        final ConcurrentHashMap<String, Seen> seen = new ConcurrentHashMap<>();
        final AtomicInteger size = new AtomicInteger();
        final long started;

        Generation(long started) {
            this.started = started;
        }
    }

    NonceCountTracker(long maxEntries, Duration lifetime, LongSupplier nanoTime) {
        this.maxPerGeneration = (int) Math.max(1, Math.min(Integer.MAX_VALUE, maxEntries / 2));
        this.lifetimeNanos = lifetime.toNanos();
        this.nanoTime = nanoTime;
        this.current = new Generation(nanoTime.getAsLong());
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
        Seen seen = find(nonce);
        synchronized (seen) {
            if (nc > seen.nc) {
                seen.nc = nc;
                seen.requestKey = requestKey;
                return true;
            }
            return nc == seen.nc && requestKey != null && requestKey.equals(seen.requestKey);
        }
    }

    private Seen find(String nonce) {
        Generation cur = currentGeneration(nanoTime.getAsLong());
        Generation prev = previous;
        Seen seen = prev == null ? null : prev.seen.get(nonce);
        if (seen != null) {
            return seen;
        }
        seen = cur.seen.get(nonce);
        if (seen != null) {
            return seen;
        }
        Seen fresh = new Seen();
        seen = cur.seen.putIfAbsent(nonce, fresh);
        if (seen != null) {
            return seen;
        }
        if (cur.size.incrementAndGet() >= maxPerGeneration) {
            retire(cur, nanoTime.getAsLong());
        }
        return fresh;
    }

    private Generation currentGeneration(long now) {
        Generation cur = current;
        if (now - cur.started >= lifetimeNanos) {
            retire(cur, now);
            cur = current;
        }
        return cur;
    }

    /** Makes {@code cur} the previous generation (or drops it too when it is over two lifetimes old). */
    private synchronized void retire(Generation cur, long now) {
        if (current != cur) {
            return; // another thread did it
        }
        previous = now - cur.started >= 2 * lifetimeNanos ? null : cur;
        current = new Generation(now);
    }

    /** Entries held: at most {@code maxEntries}; none once two lifetimes have passed without a new one. */
    long size() {
        Generation cur = currentGeneration(nanoTime.getAsLong());
        Generation prev = previous;
        return cur.seen.size() + (prev == null ? 0 : prev.seen.size());
    }
}
