package org.webtrunk.gateway.proxy.transaction;

import io.netty.util.Timeout;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * One named timer of a transaction (or of a proxy's per-request state, confined to its server transaction's loop) (A, B, D, ...). Firing hops to the transaction's event loop, and a
 * generation number drops a firing that raced with {@link #cancel()} or a restart.
 */
public final class TimerSlot {
    private final TimerService timers;
    private final Transaction owner;
    private Timeout timeout;
    private int generation;

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
        int expected = generation;
        timeout = timers.schedule(() -> {
            try {
                owner.run(() -> {
                    if (generation == expected) {
                        timeout = null;
                        task.run();
                    }
                });
            } catch (RejectedExecutionException e) {
                // the event loop is shutting down: nothing left to time
            }
        }, delayMillis, TimeUnit.MILLISECONDS);
    }

    public void cancel() {
        generation++;
        if (timeout != null) {
            timeout.cancel();
            timeout = null;
        }
    }

    public boolean isRunning() {
        return timeout != null;
    }
}
