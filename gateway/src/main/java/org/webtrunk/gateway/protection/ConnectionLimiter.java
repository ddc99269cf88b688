package org.webtrunk.gateway.protection;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.InetAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.webtrunk.gateway.config.ProtectionConfig;

/**
 * Exact counts of open connections (TCP, TLS, WS, WSS) per address and in total, and of WebSocket handshakes in
 * progress; a connection over a limit is refused at accept. The per-address table holds only addresses with an open
 * connection, so it is bounded by {@code connectionsTotal}. Allow-listed addresses are exempt from the per-address
 * limit only. Thread-safe.
 *
 * <p>Use {@link ConnectionLimitHandler} in a pipeline, or {@link #tryAcquire} directly (e.g. to answer HTTP 503
 * from the upgrade stage); every {@link Lease} must be released when the connection closes.
 */
public final class ConnectionLimiter {
    private final ProtectionConfig.Limits limits;
    private final AllowList allowList;
    private final ProtectionMetrics metrics;
    private final Map<InetAddress, Integer> perAddress = new ConcurrentHashMap<>();
    private final AtomicInteger total = new AtomicInteger();
    private final AtomicInteger handshakes = new AtomicInteger();

    /** One admitted connection; {@link #release()} and {@link #handshakeDone()} are idempotent. */
    public final class Lease {
        private final InetAddress address;
        private final boolean perAddressCounted;
        private final AtomicBoolean open = new AtomicBoolean(true);
        private final AtomicBoolean inHandshake;

        private Lease(InetAddress address, boolean perAddressCounted, boolean inHandshake) {
            this.address = address;
            this.perAddressCounted = perAddressCounted;
            this.inHandshake = new AtomicBoolean(inHandshake);
        }

        /** The WebSocket upgrade completed (or failed): the handshake slot is free. */
        public void handshakeDone() {
            if (inHandshake.compareAndSet(true, false)) {
                handshakes.decrementAndGet();
            }
        }

        /** The connection closed. */
        public void release() {
            handshakeDone();
            if (open.compareAndSet(true, false)) {
                total.decrementAndGet();
                if (perAddressCounted) {
                    perAddress.computeIfPresent(address, (a, n) -> n <= 1 ? null : n - 1);
                }
            }
        }
    }

    public ConnectionLimiter(ProtectionConfig config, AllowList allowList, MeterRegistry registry) {
        this(config, allowList, new ProtectionMetrics(registry));
    }

    ConnectionLimiter(ProtectionConfig config, AllowList allowList, ProtectionMetrics metrics) {
        this.limits = config.limits();
        this.allowList = allowList;
        this.metrics = metrics;
        Gauge.builder("webtrunk.protection.handshakes.in.progress", handshakes, AtomicInteger::get)
                .description("connections accepted but not yet upgraded to WebSocket").register(metrics.registry());
    }

    /**
     * Admits a new connection from {@code address}, or returns null (counted as a limit hit) if a limit is full.
     *
     * @param websocket the connection starts with a WebSocket handshake that takes a handshake slot until
     *                  {@link Lease#handshakeDone()}
     */
    public Lease tryAcquire(InetAddress address, boolean websocket) {
        if (websocket && !increment(handshakes, limits.handshakesInProgress())) {
            metrics.limitHit(Limit.HANDSHAKES_IN_PROGRESS);
            return null;
        }
        if (!increment(total, limits.connectionsTotal())) {
            if (websocket) {
                handshakes.decrementAndGet();
            }
            metrics.limitHit(Limit.CONNECTIONS_TOTAL);
            return null;
        }
        boolean counted = !allowList.contains(address);
        if (counted) {
            boolean[] admitted = {false};
            perAddress.compute(address, (a, n) -> {
                int current = n == null ? 0 : n;
                if (current >= limits.connectionsPerAddress()) {
                    return n;
                }
                admitted[0] = true;
                return current + 1;
            });
            if (!admitted[0]) {
                total.decrementAndGet();
                if (websocket) {
                    handshakes.decrementAndGet();
                }
                metrics.limitHit(Limit.CONNECTIONS_PER_ADDRESS);
                return null;
            }
        }
        return new Lease(address, counted, websocket);
    }

    public int openConnections() {
        return total.get();
    }

    public int openConnections(InetAddress address) {
        return perAddress.getOrDefault(address, 0);
    }

    public int handshakesInProgress() {
        return handshakes.get();
    }

    private static boolean increment(AtomicInteger counter, int max) {
        for (;;) {
            int n = counter.get();
            if (n >= max) {
                return false;
            }
            if (counter.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }
}
