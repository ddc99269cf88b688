package org.webtrunk.gateway.proxy.transaction;

import io.netty.util.Timeout;
import java.util.concurrent.TimeUnit;

/**
 * Where transactions schedule their timers. Injectable so that state machine tests run on a manual clock;
 * in production {@link WheelTimerService}. Tasks may run on any thread: transactions hop back to their
 * own event loop.
 */
public interface TimerService {
    Timeout schedule(Runnable task, long delay, TimeUnit unit);
}
