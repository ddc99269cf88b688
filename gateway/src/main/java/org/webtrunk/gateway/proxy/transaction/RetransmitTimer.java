package org.webtrunk.gateway.proxy.transaction;

/**
 * A retransmission timer: Timer A (RFC 3261 §17.1.1.2, uncapped), Timer E (§17.1.2.2) and Timer G (§17.2.1),
 * each capped at T2. It fires first after T1, then after twice the last interval, never longer than its cap,
 * until cancelled. It never runs on reliable transports, which retransmit themselves (§17.1.1.2): there
 * a transaction holds {@link #NONE}, so a WebSocket call keeps no timer objects it never starts.
 */
final class RetransmitTimer {
    /** Does nothing: for reliable transports, and for a transaction past the state that retransmits. */
    static final RetransmitTimer NONE = new RetransmitTimer(null, 0, 0, () -> { });

    private final TimerSlot slot;
    private final long first;
    private final long cap;
    private final Runnable retransmit;
    private long interval;

    /**
     * @param slot       where it runs; null for {@link #NONE}
     * @param first      the first interval (T1), in milliseconds
     * @param cap        the longest interval, in milliseconds; {@link Long#MAX_VALUE} for none
     * @param retransmit sends the message again; runs on the transaction's event loop
     */
    RetransmitTimer(TimerSlot slot, long first, long cap, Runnable retransmit) {
        this.slot = slot;
        this.first = first;
        this.cap = cap;
        this.retransmit = retransmit;
    }

    /** Starts retransmitting (unless this is {@link #NONE}). */
    void start() {
        if (slot == null) {
            return;
        }
        interval = first;
        slot.start(interval, this::fire);
    }

    /** From the next firing on, retransmits every cap: Timer E once a provisional response came (§17.1.2.2). */
    void slowToCap() {
        interval = cap;
    }

    void cancel() {
        if (slot != null) {
            slot.cancel();
        }
    }

    private void fire() {
        retransmit.run();
        interval = interval > cap - interval ? cap : 2 * interval;
        slot.start(interval, this::fire);
    }
}
