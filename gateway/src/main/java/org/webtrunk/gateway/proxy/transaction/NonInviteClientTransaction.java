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
public final class NonInviteClientTransaction<M> extends ClientTransactionBase<NonInviteClientTransaction.State> {
    public enum State { TRYING, PROCEEDING, COMPLETED, TERMINATED }

    /** Dropped at the final response: in Completed nothing more is passed up. */
    private ClientTransactionUser<M> user;
    private RetransmitTimer timerE;
    private final TimerSlot timerFK;
    private ByteBuf request;

    public NonInviteClientTransaction(TransactionKey key, Flow flow, EventExecutor executor,
                                      TransactionTimers config, TimerService timers,
                                      ClientTransactionUser<M> user, Consumer<Transaction> onTerminated) {
        super(key, flow, executor, config, timers, onTerminated, State.TRYING, State.TERMINATED);
        this.user = Objects.requireNonNull(user, "user");
        this.timerE = newRetransmitTimer(config.t2Millis(), this::sendRequest);
        this.timerFK = newTimer();
    }

    /** Sends the request and starts Timers E (UDP only) and F. Takes ownership of {@code message}. */
    public void start(ByteBuf message) {
        this.request = message;
        sendRequest();
        request = keptForResending(request);
        timerE.start();
        timerFK.start(config.timeoutMillis(), this::fireF);
    }

    public void onResponse(int status, M response) {
        if (!pending()) {
            return;
        }
        responded();
        if (status < 200) {
            state = State.PROCEEDING;
            timerE.slowToCap();
            user.onResponse(this, status, response);
            return;
        }
        state = State.COMPLETED;
        answered();
        timerE.cancel();
        timerE = RetransmitTimer.NONE;
        release();
        timerFK.start(config.timerT4Millis(reliable()), this::terminate);
        ClientTransactionUser<M> u = user;
        user = null;
        u.onResponse(this, status, response);
    }

    /** Trying or Proceeding: no final response yet. */
    private boolean pending() {
        return state == State.TRYING || state == State.PROCEEDING;
    }

    private void fireF() {
        if (pending()) {
            terminate();
            user.onTimeout(this);
        }
    }

    private void sendRequest() {
        sendCopy(request, cause -> {
            if (pending()) {
                terminate();
                user.onTransportError(this, cause);
            }
        });
    }

    @Override
    void cancelTimers() {
        timerE.cancel();
        timerFK.cancel();
    }

    @Override
    void release() {
        ReferenceCountUtil.release(request);
        request = null;
    }
}
