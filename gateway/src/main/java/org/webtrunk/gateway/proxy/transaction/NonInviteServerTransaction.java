package org.webtrunk.gateway.proxy.transaction;

import io.netty.buffer.ByteBuf;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.EventExecutor;
import java.util.Objects;
import java.util.function.Consumer;
import org.webtrunk.gateway.transport.Flow;

/**
 * Non-INVITE server transaction (RFC 3261 §17.2.2, figure 8). A retransmitted request gets the last
 * response again (nothing in Trying); after the final response Timer J (64*T1 on UDP, zero on reliable
 * transports) keeps absorbing retransmissions.
 */
public final class NonInviteServerTransaction implements ServerTransaction {
    public enum State { TRYING, PROCEEDING, COMPLETED, TERMINATED }

    private final TransactionKey key;
    private final Flow flow;
    private final EventExecutor executor;
    private final TransactionTimers config;
    private final Consumer<Transaction> onTerminated;
    private final TimerSlot timerJ;
    private State state = State.TRYING;
    private ByteBuf lastResponse;
    private int lastStatus;

    public NonInviteServerTransaction(TransactionKey key, Flow flow, EventExecutor executor,
                                      TransactionTimers config, TimerService timers,
                                      Consumer<Transaction> onTerminated) {
        this.key = Objects.requireNonNull(key, "key");
        this.flow = Objects.requireNonNull(flow, "flow");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.config = Objects.requireNonNull(config, "config");
        this.onTerminated = Objects.requireNonNull(onTerminated, "onTerminated");
        this.timerJ = new TimerSlot(timers, this);
    }

    @Override
    public void sendResponse(int status, ByteBuf response) {
        if (state == State.COMPLETED || state == State.TERMINATED) {
            ReferenceCountUtil.release(response);
            return;
        }
        ReferenceCountUtil.release(lastResponse);
        lastResponse = response;
        lastStatus = status;
        flow.send(response.retainedDuplicate());
        if (status >= 200) {
            state = State.COMPLETED;
            timerJ.start(config.timerJMillis(flow.transport().reliable()), this::terminate);
        } else {
            state = State.PROCEEDING;
        }
    }

    @Override
    public void onRetransmission() {
        if ((state == State.PROCEEDING || state == State.COMPLETED) && lastResponse != null) {
            flow.send(lastResponse.retainedDuplicate());
        }
    }

    /**
     * Ends the transaction without a response. For a request that timed out downstream: a stateful
     * element MUST NOT answer 408 to a non-INVITE request (RFC 4320 §4.2), the client's own Timer F
     * fires at the same moment.
     */
    public void endWithoutResponse() {
        terminate();
    }

    public State state() {
        return state;
    }

    @Override
    public int lastStatus() {
        return lastStatus;
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

    private void terminate() {
        if (state == State.TERMINATED) {
            return;
        }
        state = State.TERMINATED;
        timerJ.cancel();
        ReferenceCountUtil.release(lastResponse);
        lastResponse = null;
        onTerminated.accept(this);
    }
}
