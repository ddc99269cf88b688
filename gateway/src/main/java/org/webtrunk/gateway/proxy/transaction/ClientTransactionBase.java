package org.webtrunk.gateway.proxy.transaction;

import io.netty.util.concurrent.EventExecutor;
import java.util.function.Consumer;
import org.webtrunk.gateway.transport.Flow;

/**
 * What both client transactions track of their responses, for the proxy (is the far end alive) and for
 * shutdown (which transactions still wait for a final response).
 *
 * @param <S> the subclass's states
 */
abstract sealed class ClientTransactionBase<S extends Enum<S>> extends TransactionBase<S> implements ClientTransaction
        permits InviteClientTransaction, NonInviteClientTransaction {
    private boolean responded;
    /** Set at the final response; volatile because shutdown reads it from another thread. */
    private volatile boolean answered;

    ClientTransactionBase(TransactionKey key, Flow flow, EventExecutor executor, TransactionTimers config,
                          TimerService timers, Consumer<Transaction> onTerminated, S initial, S terminated) {
        super(key, flow, executor, config, timers, onTerminated, initial, terminated);
    }

    /** Any response came back. */
    final void responded() {
        responded = true;
    }

    /** A final response came back. */
    final void answered() {
        answered = true;
    }

    @Override
    public final void abandon() {
        terminate();
    }

    @Override
    public final boolean hasResponse() {
        return responded;
    }

    @Override
    public final boolean awaitingFinalResponse() {
        return !answered;
    }
}
