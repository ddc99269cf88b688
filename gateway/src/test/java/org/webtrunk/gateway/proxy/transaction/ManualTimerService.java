package org.webtrunk.gateway.proxy.transaction;

import io.netty.util.Timeout;
import io.netty.util.Timer;
import io.netty.util.TimerTask;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A timer driven by hand: tasks run only inside {@link #advance}, in due order. No real time passes. */
public final class ManualTimerService implements TimerService {
    private final List<Task> pending = new ArrayList<>();
    private long now;
    private long seq;

    private final class Task implements Timeout {
        final long due;
        final long order = seq++;
        final TimerTask task;
        boolean cancelled;
        boolean expired;

        Task(long due, TimerTask task) {
            this.due = due;
            this.task = task;
        }

        @Override
        public Timer timer() {
            return null;
        }

        @Override
        public TimerTask task() {
            return task;
        }

        @Override
        public boolean isExpired() {
            return expired;
        }

        @Override
        public boolean isCancelled() {
            return cancelled;
        }

        @Override
        public boolean cancel() {
            if (expired || cancelled) {
                return false;
            }
            cancelled = true;
            pending.remove(this);
            return true;
        }
    }

    @Override
    public Timeout schedule(TimerTask task, long delay, TimeUnit unit) {
        Task t = new Task(now + unit.toMillis(delay), task);
        pending.add(t);
        return t;
    }

    /** Moves the clock forward by {@code millis}, running every task that falls due, including new ones. */
    public void advance(long millis) {
        long until = now + millis;
        while (true) {
            Task next = pending.stream().filter(t -> t.due <= until)
                    .min(Comparator.<Task>comparingLong(t -> t.due).thenComparingLong(t -> t.order)).orElse(null);
            if (next == null) {
                break;
            }
            pending.remove(next);
            now = next.due;
            next.expired = true;
            try {
                next.task.run(next);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        now = until;
    }

    public long now() {
        return now;
    }

    /** Timers still scheduled. */
    public int pendingCount() {
        return pending.size();
    }
}
