package org.webtrunk.gateway.proxy.transaction;

import java.time.Duration;
import java.util.Objects;

/**
 * The base intervals of the transaction timers (RFC 3261 §17.1.1.1, table 4 in appendix A); every other
 * timer is derived from them.
 *
 * @param t1 round-trip estimate, 500 ms by default: first retransmission interval (timers A, E, G) and
 *           the unit of the transaction timeouts (B, F, H, J are 64*T1, so 32 s by default)
 * @param t2 cap of the retransmission interval for non-INVITE requests and INVITE final responses, 4 s
 * @param t4 how long the network may hold a message, 5 s: wait in Completed for stray retransmissions
 *           (timers I, K) on unreliable transports
 */
public record TransactionTimers(Duration t1, Duration t2, Duration t4) {
    /** Timer D: at least 32 s on unreliable transports (RFC 3261 §17.1.1.2). */
    static final long TIMER_D_MILLIS = 32_000;

    public TransactionTimers {
        Objects.requireNonNull(t1, "t1");
        Objects.requireNonNull(t2, "t2");
        Objects.requireNonNull(t4, "t4");
        if (t1.isNegative() || t1.isZero() || t2.compareTo(t1) < 0 || t4.isNegative()) {
            throw new IllegalArgumentException("need 0 < T1 <= T2 and T4 >= 0, got " + t1 + ", " + t2 + ", " + t4);
        }
    }

    /** RFC 3261 defaults: T1 500 ms, T2 4 s, T4 5 s. */
    public static TransactionTimers defaults() {
        return new TransactionTimers(Duration.ofMillis(500), Duration.ofSeconds(4), Duration.ofSeconds(5));
    }

    long t1Millis() {
        return t1.toMillis();
    }

    long t2Millis() {
        return t2.toMillis();
    }

    /** Timers B, F, H, L, M: 64*T1. */
    long timeoutMillis() {
        return 64 * t1.toMillis();
    }

    /** Timer D: absorb retransmitted final responses; zero on reliable transports. */
    long timerDMillis(boolean reliable) {
        return reliable ? 0 : Math.max(TIMER_D_MILLIS, timeoutMillis());
    }

    /** Timers I and K: T4 on unreliable transports, zero on reliable ones. */
    long timerT4Millis(boolean reliable) {
        return reliable ? 0 : t4.toMillis();
    }

    /** Timer J: 64*T1 on unreliable transports, zero on reliable ones. */
    long timerJMillis(boolean reliable) {
        return reliable ? 0 : timeoutMillis();
    }
}
