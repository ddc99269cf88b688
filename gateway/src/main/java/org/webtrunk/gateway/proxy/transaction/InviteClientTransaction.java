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
public final class InviteClientTransaction<M> implements ClientTransaction {
    public enum State { CALLING, PROCEEDING, COMPLETED, ACCEPTED, TERMINATED }

    private final TransactionKey key;
    private final Flow flow;
    private final EventExecutor executor;
    private final TransactionTimers config;
    private final ClientTransactionUser<M> user;
    private final AckFactory<M> ackFactory;
    private final Consumer<Transaction> onTerminated;
    private final TimerSlot timerA;
    private final TimerSlot timerBDM;
    private State state = State.CALLING;
    private ByteBuf request;
    private ByteBuf ack;
    private long aInterval;
    private boolean responded;

    public InviteClientTransaction(TransactionKey key, Flow flow, EventExecutor executor,
                                   TransactionTimers config, TimerService timers,
                                   ClientTransactionUser<M> user, AckFactory<M> ackFactory,
                                   Consumer<Transaction> onTerminated) {
        this.key = Objects.requireNonNull(key, "key");
        this.flow = Objects.requireNonNull(flow, "flow");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.config = Objects.requireNonNull(config, "config");
        this.user = Objects.requireNonNull(user, "user");
        this.ackFactory = Objects.requireNonNull(ackFactory, "ackFactory");
        this.onTerminated = Objects.requireNonNull(onTerminated, "onTerminated");
        this.timerA = new TimerSlot(timers, this);
        this.timerBDM = new TimerSlot(timers, this);
    }

    /** Sends the INVITE and starts Timers A (UDP only) and B. Takes ownership of {@code invite}. */
    public void start(ByteBuf invite) {
        this.request = invite;
        sendRequest();
        if (!flow.transport().reliable()) {
            aInterval = config.t1Millis();
            timerA.start(aInterval, this::fireA);
        }
        timerBDM.start(config.timeoutMillis(), this::fireB);
    }

    /** A response matched this transaction (§17.1.3). */
    public void onResponse(int status, M response) {
        switch (state) {
            case CALLING, PROCEEDING -> {
                responded = true;
                timerA.cancel();
                if (status < 200) {
                    state = State.PROCEEDING;
                    // Timer B stops: a proxy's wait for the final answer is its own Timer C (§16.6 step 11).
                    timerBDM.cancel();
                    user.onResponse(this, status, response);
                } else if (status < 300) {
                    state = State.ACCEPTED;
                    releaseRequest();
                    timerBDM.start(config.timeoutMillis(), this::terminate);
                    user.onResponse(this, status, response);
                } else {
                    state = State.COMPLETED;
                    releaseRequest();
                    ack = ackFactory.ackFor(response);
                    sendAck();
                    timerBDM.start(config.timerDMillis(flow.transport().reliable()), this::terminate);
                    user.onResponse(this, status, response);
                }
            }
            case COMPLETED -> {
                if (status >= 300) {
                    sendAck();
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

    private void fireA() {
        sendRequest();
        aInterval *= 2;
        timerA.start(aInterval, this::fireA);
    }

    private void fireB() {
        if (state == State.CALLING) {
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
                run(() -> transportError(f.cause()));
            }
        });
    }

    private void transportError(Throwable cause) {
        if (state == State.CALLING || state == State.PROCEEDING) {
            terminate();
            user.onTransportError(this, cause);
        }
    }

    private void sendAck() {
        if (ack != null) {
            flow.send(ack.retainedDuplicate());
        }
    }

    private void releaseRequest() {
        ReferenceCountUtil.release(request);
        request = null;
    }

    private void terminate() {
        if (state == State.TERMINATED) {
            return;
        }
        state = State.TERMINATED;
        timerA.cancel();
        timerBDM.cancel();
        releaseRequest();
        ReferenceCountUtil.release(ack);
        ack = null;
        onTerminated.accept(this);
    }
}
