package org.webtrunk.gateway.proxy.transaction;

import io.netty.buffer.ByteBuf;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.EventExecutor;
import java.util.Objects;
import java.util.function.Consumer;
import org.webtrunk.gateway.transport.Flow;

/**
 * INVITE client transaction (RFC 3261 §17.1.1, figure 5, with the Accepted state of RFC 6026 §7.2).
 *
 * <p>Calling: Timer A retransmits the INVITE on UDP only, doubling from T1 (uncapped, as the RFC says,
 * until Timer B at 64*T1 reports a timeout). Any response stops retransmission. A non-2xx final response
 * is answered with an ACK generated here (hop by hop, §17.1.1.3) and passed up once; its retransmissions
 * get the same ACK again during Timer D and are not passed up. A 2xx moves to Accepted, where 2xx
 * retransmissions from other forks or lost ACKs pass up to be relayed end to end, until Timer M.
 *
 * @param <M> the parsed response type
 */
public final class InviteClientTransaction<M> extends ClientTransactionBase<InviteClientTransaction.State> {
    public enum State { CALLING, PROCEEDING, COMPLETED, ACCEPTED, TERMINATED }

    /** Dropped in Completed, where nothing more is passed up, as the ACK factory is at the final response. */
    private ClientTransactionUser<M> user;
    private AckFactory<M> ackFactory;
    private RetransmitTimer timerA;
    private final TimerSlot timerBDM;
    private ByteBuf request;
    private ByteBuf ack;

    public InviteClientTransaction(TransactionKey key, Flow flow, EventExecutor executor,
                                   TransactionTimers config, TimerService timers,
                                   ClientTransactionUser<M> user, AckFactory<M> ackFactory,
                                   Consumer<Transaction> onTerminated) {
        super(key, flow, executor, config, timers, onTerminated, State.CALLING, State.TERMINATED);
        this.user = Objects.requireNonNull(user, "user");
        this.ackFactory = Objects.requireNonNull(ackFactory, "ackFactory");
        this.timerA = newRetransmitTimer(Long.MAX_VALUE, this::sendRequest);
        this.timerBDM = newTimer();
    }

    /** Sends the INVITE and starts Timers A (UDP only) and B. Takes ownership of {@code invite}. */
    public void start(ByteBuf invite) {
        this.request = invite;
        sendRequest();
        request = keptForResending(request);
        timerA.start();
        timerBDM.start(config.timeoutMillis(), this::fireB);
    }

    /** A response matched this transaction (§17.1.3). */
    public void onResponse(int status, M response) {
        switch (state) {
            case CALLING, PROCEEDING -> {
                responded();
                timerA.cancel();
                timerA = RetransmitTimer.NONE;
                if (status < 200) {
                    state = State.PROCEEDING;
                    releaseRequest(); // Timer A has stopped, so it is never sent again: a ringing call keeps no copy
                    // Timer B stops: a proxy's wait for the final answer is its own Timer C (§16.6 step 11).
                    timerBDM.cancel();
                    user.onResponse(this, status, response);
                } else if (status < 300) {
                    state = State.ACCEPTED;
                    answered();
                    releaseRequest();
                    ackFactory = null;
                    timerBDM.start(config.timeoutMillis(), this::terminate);
                    user.onResponse(this, status, response);
                } else {
                    state = State.COMPLETED;
                    answered();
                    releaseRequest();
                    ack = ackFactory.ackFor(response);
                    ackFactory = null;
                    sendCopy(ack);
                    ack = keptForResending(ack);
                    timerBDM.start(config.timerDMillis(reliable()), this::terminate);
                    ClientTransactionUser<M> u = user;
                    user = null;
                    u.onResponse(this, status, response);
                }
            }
            case COMPLETED -> {
                if (status >= 300) {
                    sendCopy(ack);
                }
            }
            case ACCEPTED -> {
                if (status >= 200 && status < 300) {
                    user.onResponse(this, status, response);
                }
            }
            default -> { }
        }
    }

    private void fireB() {
        if (state == State.CALLING) {
            terminate();
            user.onTimeout(this);
        }
    }

    private void sendRequest() {
        sendCopy(request, this::transportError);
    }

    private void transportError(Throwable cause) {
        if (state == State.CALLING || state == State.PROCEEDING) {
            terminate();
            user.onTransportError(this, cause);
        }
    }

    private void releaseRequest() {
        ReferenceCountUtil.release(request);
        request = null;
    }

    @Override
    void cancelTimers() {
        timerA.cancel();
        timerBDM.cancel();
    }

    @Override
    void release() {
        releaseRequest();
        ReferenceCountUtil.release(ack);
        ack = null;
    }
}
