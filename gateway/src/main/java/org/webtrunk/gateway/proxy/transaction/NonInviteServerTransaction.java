package org.webtrunk.gateway.proxy.transaction;

import io.netty.buffer.ByteBuf;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.EventExecutor;
import java.util.function.Consumer;
import org.webtrunk.gateway.transport.Flow;

/**
 * Non-INVITE server transaction (RFC 3261 §17.2.2, figure 8). A retransmitted request gets the last
 * response again (nothing in Trying); after the final response Timer J (64*T1 on UDP, zero on reliable
 * transports) keeps absorbing retransmissions.
 */
public final class NonInviteServerTransaction extends TransactionBase<NonInviteServerTransaction.State>
        implements ServerTransaction {
    public enum State { TRYING, PROCEEDING, COMPLETED, TERMINATED }

    private final TimerSlot timerJ;
    private ByteBuf lastResponse;
    private int lastStatus;

    public NonInviteServerTransaction(TransactionKey key, Flow flow, EventExecutor executor,
                                      TransactionTimers config, TimerService timers,
                                      Consumer<Transaction> onTerminated) {
        super(key, flow, executor, config, timers, onTerminated, State.TRYING, State.TERMINATED);
        this.timerJ = newTimer();
    }

    @Override
    public void sendResponse(int status, ByteBuf response) {
        if (state == State.COMPLETED || state == State.TERMINATED) {
            ReferenceCountUtil.release(response);
            return;
        }
        ReferenceCountUtil.release(lastResponse);
        lastStatus = status;
        lastResponse = response;
        sendCopy(response);
        lastResponse = keptForResending(lastResponse);
        if (status >= 200) {
            state = State.COMPLETED;
            timerJ.start(config.timerJMillis(reliable()), this::terminate);
        } else {
            state = State.PROCEEDING;
        }
    }

    @Override
    public void onRetransmission() {
        if (state == State.PROCEEDING || state == State.COMPLETED) {
            sendCopy(lastResponse);
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

    @Override
    public int lastStatus() {
        return lastStatus;
    }

    @Override
    void cancelTimers() {
        timerJ.cancel();
    }

    @Override
    void release() {
        ReferenceCountUtil.release(lastResponse);
        lastResponse = null;
    }
}
