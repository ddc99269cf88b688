package org.webtrunk.gateway.proxy.transaction;

import io.netty.buffer.ByteBuf;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.EventExecutor;
import java.util.Objects;
import java.util.function.Consumer;
import org.webtrunk.gateway.transport.Flow;

/**
 * Non-INVITE client transaction (RFC 3261 §17.1.2, figure 6). Timer E retransmits on UDP only, doubling
 * from T1 up to T2 (and at T2 once a provisional response came); Timer F (64*T1) reports a timeout;
 * Timer K (T4 on UDP, zero on reliable transports) absorbs retransmitted final responses.
 *
 * @param <M> the parsed response type
 */
public final class NonInviteClientTransaction<M> implements ClientTransaction {
    public enum State { TRYING, PROCEEDING, COMPLETED, TERMINATED }

    private final TransactionKey key;
    private final Flow flow;
    private final EventExecutor executor;
    private final TransactionTimers config;
    private final ClientTransactionUser<M> user;
    private final Consumer<Transaction> onTerminated;
    private final TimerSlot timerE;
    private final TimerSlot timerFK;
    private State state = State.TRYING;
    private ByteBuf request;
    private long eInterval;
    private boolean responded;

    public NonInviteClientTransaction(TransactionKey key, Flow flow, EventExecutor executor,
                                      TransactionTimers config, TimerService timers,
                                      ClientTransactionUser<M> user, Consumer<Transaction> onTerminated) {
        this.key = Objects.requireNonNull(key, "key");
        this.flow = Objects.requireNonNull(flow, "flow");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.config = Objects.requireNonNull(config, "config");
        this.user = Objects.requireNonNull(user, "user");
        this.onTerminated = Objects.requireNonNull(onTerminated, "onTerminated");
        this.timerE = new TimerSlot(timers, this);
        this.timerFK = new TimerSlot(timers, this);
    }

    /** Sends the request and starts Timers E (UDP only) and F. Takes ownership of {@code message}. */
    public void start(ByteBuf message) {
        this.request = message;
        sendRequest();
        if (!flow.transport().reliable()) {
            eInterval = config.t1Millis();
            timerE.start(eInterval, this::fireE);
        }
        timerFK.start(config.timeoutMillis(), this::fireF);
    }

    public void onResponse(int status, M response) {
        if (state != State.TRYING && state != State.PROCEEDING) {
            return;
        }
        responded = true;
        if (status < 200) {
            state = State.PROCEEDING;
            user.onResponse(this, status, response);
            return;
        }
        state = State.COMPLETED;
        timerE.cancel();
        ReferenceCountUtil.release(request);
        request = null;
        timerFK.start(config.timerT4Millis(flow.transport().reliable()), this::terminate);
        user.onResponse(this, status, response);
    }

    @Override
    public void abandon() {
        terminate();
    }

    @Override
    public boolean hasResponse() {
        return responded;
    }

    public State state() {
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

    @Override
    public Flow flow() {
        return flow;
    }

    @Override
    public boolean isTerminated() {
        return state == State.TERMINATED;
    }

    private void fireE() {
        sendRequest();
        eInterval = state == State.PROCEEDING ? config.t2Millis() : Math.min(2 * eInterval, config.t2Millis());
        timerE.start(eInterval, this::fireE);
    }

    private void fireF() {
        if (state == State.TRYING || state == State.PROCEEDING) {
            terminate();
            user.onTimeout(this);
        }
    }

    private void sendRequest() {
        if (request == null) {
            return;
        }
        flow.send(request.retainedDuplicate()).addListener(f -> {
            if (!f.isSuccess()) {
                run(() -> {
                    if (state == State.TRYING || state == State.PROCEEDING) {
                        terminate();
                        user.onTransportError(this, f.cause());
                    }
                });
            }
        });
    }

    private void terminate() {
        if (state == State.TERMINATED) {
            return;
        }
        state = State.TERMINATED;
        timerE.cancel();
        timerFK.cancel();
        ReferenceCountUtil.release(request);
        request = null;
        onTerminated.accept(this);
    }
}
