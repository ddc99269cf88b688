package org.webtrunk.gateway.proxy.transaction;

import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.EventExecutor;
import java.util.Objects;
import java.util.function.Consumer;
import org.webtrunk.gateway.transport.Flow;

/**
 * What the four transaction kinds share: the key, the flow their messages use, the event loop they are
 * confined to, the timer settings, and ending exactly once (timers cancelled, buffers released, the table
 * told). Each subclass keeps its own state machine (RFC 3261 §17 figures 5 to 8).
 *
 * @param <S> the subclass's states
 */
abstract sealed class TransactionBase<S extends Enum<S>> implements Transaction
        permits ClientTransactionBase, InviteServerTransaction, NonInviteServerTransaction {
    final TransactionTimers config;
    /** The current state; only {@link #terminate()} moves it to the terminated one. */
    S state;
    private final S terminated;
    private final TransactionKey key;
    private final Flow flow;
    private final EventExecutor executor;
    private final TimerService timerService;
    private final Consumer<Transaction> onTerminated;

    /**
     * @param onTerminated told once when the transaction ends, to drop it from its table
     * @param initial      the state a new transaction is in
     * @param terminated   the final state, after which every event is ignored
     */
    TransactionBase(TransactionKey key, Flow flow, EventExecutor executor, TransactionTimers config,
                    TimerService timers, Consumer<Transaction> onTerminated, S initial, S terminated) {
        this.key = Objects.requireNonNull(key, "key");
        this.flow = Objects.requireNonNull(flow, "flow");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.config = Objects.requireNonNull(config, "config");
        this.timerService = timers;
        this.onTerminated = Objects.requireNonNull(onTerminated, "onTerminated");
        this.state = initial;
        this.terminated = terminated;
    }

    public S state() {
        return state;
    }

    @Override
    public TransactionKey key() {
        return key;
    }

    @Override
    public EventExecutor executor() {
        return executor;
    }

    /** The flow every message of this transaction goes out on. */
    public Flow flow() {
        return flow;
    }

    @Override
    public boolean isTerminated() {
        return state == terminated;
    }

    /** A new timer of this transaction; the subclass cancels it in {@link #cancelTimers()}. */
    final TimerSlot newTimer() {
        return new TimerSlot(timerService, this);
    }

    /**
     * A new retransmission timer starting at T1 and doubling up to {@code cap}; {@link RetransmitTimer#NONE} on
     * reliable transports. The subclass cancels it in {@link #cancelTimers()}.
     */
    final RetransmitTimer newRetransmitTimer(long cap, Runnable retransmit) {
        return reliable() ? RetransmitTimer.NONE
                : new RetransmitTimer(newTimer(), config.t1Millis(), cap, retransmit);
    }

    /** TCP, TLS, WS and WSS: no retransmissions, zero wait timers (RFC 3261 §17.1.1.2). */
    final boolean reliable() {
        return flow.transport().reliable();
    }

    /**
     * What to keep of a message just sent, for sending it again: the message over UDP; over TCP, TLS and WebSocket
     * nothing (it is released), as no request or response is retransmitted there (RFC 3261 §17.1.1.2, §17.1.2.2,
     * §17.2.1, §17.2.2), so a call ringing for minutes holds no buffer for it. Called after the send, as a failed
     * send may already have ended the transaction and released the message (null then).
     */
    final ByteBuf keptForResending(ByteBuf sent) {
        if (sent != null && reliable()) {
            sent.release();
            return null;
        }
        return sent;
    }

    /** Sends a copy of {@code message}, which stays ours for retransmission; nothing once it is released (null). */
    final void sendCopy(ByteBuf message) {
        if (message != null) {
            flow.send(message.retainedDuplicate());
        }
    }

    /** Like {@link #sendCopy(ByteBuf)}, and a failed send is reported to {@code onFailure} on this event loop. */
    final void sendCopy(ByteBuf message, Consumer<Throwable> onFailure) {
        if (message != null) {
            flow.send(message.retainedDuplicate()).addListener(f -> {
                if (!f.isSuccess()) {
                    run(() -> onFailure.accept(f.cause()));
                }
            });
        }
    }

    /** Ends the transaction, once: cancels its timers, releases what it holds and drops it from its table. */
    final void terminate() {
        if (state == terminated) {
            return;
        }
        state = terminated;
        cancelTimers();
        release();
        onTerminated.accept(this);
    }

    /**
     * Cancels every timer the transaction started. Each subclass names its own (no list of them: every call
     * keeps its transactions for 32 s, and each object kept is marked by every GC cycle).
     */
    abstract void cancelTimers();

    /** Releases the buffers kept for retransmission and anything else held until the end. */
    abstract void release();
}
