package org.webtrunk.gateway.proxy.transaction;

import io.netty.util.concurrent.EventExecutor;

/**
 * A SIP transaction. Each one is confined to one event loop: every method except {@link #key()},
 * {@link #executor()} and {@link #isTerminated()} must be called on {@link #executor()}; timers hop back
 * to it themselves.
 */
public sealed interface Transaction permits ServerTransaction, ClientTransaction, TransactionBase {
    TransactionKey key();

    EventExecutor executor();

    boolean isTerminated();

    /** Runs {@code task} on this transaction's event loop: now if already there, else queued. */
    default void run(Runnable task) {
        if (executor().inEventLoop()) {
            task.run();
        } else {
            executor().execute(task);
        }
    }
}
