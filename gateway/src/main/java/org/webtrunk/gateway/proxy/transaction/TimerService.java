package org.webtrunk.gateway.proxy.transaction;

import io.netty.util.Timeout;
import io.netty.util.TimerTask;
import java.util.concurrent.TimeUnit;

/**
 * Where transactions schedule their timers. Injectable so that state machine tests run on a manual clock;
 * in production {@link WheelTimerService}. Tasks may run on any thread: transactions hop back to their
 * own event loop.
 */
public interface TimerService {
    /** A {@link TimerTask} rather than a Runnable: a pending transaction timer is then one object, not three. */
    Timeout schedule(TimerTask task, long delay, TimeUnit unit);
}
