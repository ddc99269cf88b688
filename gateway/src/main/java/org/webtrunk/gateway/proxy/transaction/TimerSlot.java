package org.webtrunk.gateway.proxy.transaction;

import io.netty.util.Timeout;
import io.netty.util.TimerTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * One named timer of a transaction (A, B, D, ...), or of a proxy's per-request state confined to its server
 * transaction's loop. Firing hops to the transaction's event loop, where a firing that raced with
 * {@link #cancel()} or a restart is dropped: it is no longer the slot's current timeout.
 *
 * <p>The slot is the wheel's task itself, so a pending timer holds no other object than the wheel's entry:
 * every call keeps two or three of them for 32 s (Timers L, M, D), and each object kept is marked by every
 * GC cycle. Start, cancel and firing all run on the owner's event loop, so the fields need no locks.
 */
public final class TimerSlot implements TimerTask {
    private final TimerService timers;
    private final Transaction owner;
    private Timeout timeout;
    private Runnable task;

    /** @param owner the transaction whose event loop runs the task */
    public TimerSlot(TimerService timers, Transaction owner) {
        this.timers = timers;
        this.owner = owner;
    }

    /** (Re)starts the timer; a zero delay runs {@code task} at once (the zero timers of reliable transports). */
    public void start(long delayMillis, Runnable task) {
        cancel();
        if (delayMillis <= 0) {
            task.run();
            return;
        }
        this.task = task;
        timeout = timers.schedule(this, delayMillis, TimeUnit.MILLISECONDS);
    }

    /** On the wheel's thread: hands the firing to the owner's event loop. */
    @Override
    public void run(Timeout fired) {
        try {
            owner.run(() -> fire(fired));
        } catch (RejectedExecutionException e) {
            // the event loop is shutting down: nothing left to time
        }
    }

    private void fire(Timeout fired) {
        if (fired != timeout) {
            return; // cancelled or restarted after this firing was handed over
        }
        Runnable t = task;
        timeout = null;
        task = null;
        t.run();
    }

    public void cancel() {
        if (timeout != null) {
            timeout.cancel();
            timeout = null;
        }
        task = null;
    }

    public boolean isRunning() {
        return timeout != null;
    }
}
