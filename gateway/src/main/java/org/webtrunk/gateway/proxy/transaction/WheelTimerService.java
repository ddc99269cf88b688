package org.webtrunk.gateway.proxy.transaction;

import io.netty.util.HashedWheelTimer;
import io.netty.util.Timeout;
import io.netty.util.TimerTask;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * Timers on one Netty {@link HashedWheelTimer}.
 *
 * <p>Why a wheel rather than the event loops' {@code schedule}: every transaction holds two or three timers
 * that are nearly always cancelled (a response arrives long before Timer B), and a wheel schedules and
 * cancels in O(1) without touching the event loop's priority queue; 10 ms ticks are fine for timers of
 * 500 ms and up. The tasks run on the wheel's single thread and only hand work back to a transaction's
 * event loop.
 */
public final class WheelTimerService implements TimerService, AutoCloseable {
    private final HashedWheelTimer timer;

    /**
     * @param maxPendingTimers bound on scheduled timers; past it {@link #schedule} throws
     *                         {@link java.util.concurrent.RejectedExecutionException}, so a flood cannot
     *                         grow the wheel without limit. A proxied call holds at most about 8 at once
     *                         (server, client and CANCEL transactions, failover and Timer C), so size it
     *                         at 8 times the transaction table's bound: then it is never the limit that bites
     */
    public WheelTimerService(long maxPendingTimers) {
        this.timer = new HashedWheelTimer(new DefaultThreadFactory("sip-timers", true),
                10, TimeUnit.MILLISECONDS, 1024, true, maxPendingTimers);
    }

    @Override
    public Timeout schedule(TimerTask task, long delay, TimeUnit unit) {
        return timer.newTimeout(task, delay, unit);
    }

    @Override
    public void close() {
        timer.stop();
    }
}
