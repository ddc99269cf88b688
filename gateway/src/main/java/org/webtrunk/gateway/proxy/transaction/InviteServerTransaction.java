package org.webtrunk.gateway.proxy.transaction;

import io.netty.buffer.ByteBuf;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.EventExecutor;
import java.util.function.Consumer;
import org.webtrunk.gateway.transport.Flow;

/**
 * INVITE server transaction (RFC 3261 §17.2.1, figure 7, with the Accepted state of RFC 6026 §7.1).
 *
 * <p>Proceeding: a retransmitted INVITE gets the last provisional response again. Completed (non-2xx
 * sent): the response is retransmitted on Timer G (UDP only, doubling up to T2) until the caller's ACK
 * arrives or Timer H gives up; the ACK is absorbed here, never forwarded. Accepted (2xx sent): further
 * 2xx from downstream pass through, retransmitted INVITEs are absorbed, Timer L ends it. Confirmed:
 * Timer I soaks up ACK retransmissions.
 */
public final class InviteServerTransaction extends TransactionBase<InviteServerTransaction.State>
        implements ServerTransaction {
    /** States of figure 7 plus Accepted (RFC 6026). */
    public enum State { PROCEEDING, COMPLETED, CONFIRMED, ACCEPTED, TERMINATED }

    private RetransmitTimer timerG;
    private final TimerSlot timerHL;
    private TimerSlot timerI; // made on the ACK of a non-2xx: a call (2xx) never needs it
    private ByteBuf lastResponse;
    private int lastStatus;
    private Runnable cancelHandler;

    /**
     * @param onTerminated told once when the transaction ends, to drop it from its table
     */
    public InviteServerTransaction(TransactionKey key, Flow flow, EventExecutor executor,
                                   TransactionTimers config, TimerService timers,
                                   Consumer<Transaction> onTerminated) {
        super(key, flow, executor, config, timers, onTerminated, State.PROCEEDING, State.TERMINATED);
        this.timerG = newRetransmitTimer(config.t2Millis(), this::send);
        this.timerHL = newTimer();
    }

    /**
     * Starts the transaction by sending 100 Trying at once (RFC 3261 §16.2, §17.2.1: a stateful proxy
     * MUST answer an INVITE with 100 itself, which stops the caller's Timer A retransmissions).
     */
    public void start(ByteBuf trying) {
        sendResponse(100, trying);
    }

    @Override
    public void sendResponse(int status, ByteBuf response) {
        switch (state) {
            case PROCEEDING -> {
                sendAndKeep(status, response);
                if (status >= 300) {
                    state = State.COMPLETED;
                    timerG.start();
                    timerHL.start(config.timeoutMillis(), this::terminate);
                } else if (status >= 200) {
                    state = State.ACCEPTED;
                    timerHL.start(config.timeoutMillis(), this::terminate);
                    timerG = RetransmitTimer.NONE; // never started in Proceeding
                    release(); // nothing is resent in Accepted (RFC 6026): keep only the key for 32 s
                }
            }
            case ACCEPTED -> {
                if (status >= 200 && status < 300) {
                    flow().send(response);
                } else {
                    ReferenceCountUtil.release(response);
                }
            }
            default -> ReferenceCountUtil.release(response);
        }
    }

    @Override
    public void onRetransmission() {
        if (state == State.PROCEEDING || state == State.COMPLETED) {
            send();
        }
    }

    /**
     * The ACK for our non-2xx final response (same branch): absorbed here (§17.2.1). Returns true if it
     * belonged to this transaction; false means it is an end-to-end ACK for a 2xx and must be forwarded.
     */
    public boolean onAck() {
        if (state == State.COMPLETED) {
            state = State.CONFIRMED;
            timerG.cancel();
            timerHL.cancel();
            timerI = newTimer();
            timerI.start(config.timerT4Millis(reliable()), this::terminate);
            return true;
        }
        return state == State.CONFIRMED;
    }

    /** Who to tell when a CANCEL for this INVITE arrives (RFC 3261 §9.2, §16.10). */
    public void onCancel(Runnable handler) {
        this.cancelHandler = handler;
    }

    /**
     * A CANCEL matched this INVITE. Returns false when the INVITE already has its final response, in
     * which case the CANCEL has no effect (§9.2) but is still answered 200 by the caller.
     */
    public boolean cancel() {
        if (state != State.PROCEEDING) {
            return false;
        }
        if (cancelHandler != null) {
            cancelHandler.run();
        }
        return true;
    }

    @Override
    public int lastStatus() {
        return lastStatus;
    }

    private void sendAndKeep(int status, ByteBuf response) {
        ReferenceCountUtil.release(lastResponse);
        lastStatus = status;
        lastResponse = response;
        send();
        lastResponse = keptForResending(lastResponse);
    }

    private void send() {
        sendCopy(lastResponse);
    }

    @Override
    void cancelTimers() {
        timerG.cancel();
        timerHL.cancel();
        if (timerI != null) {
            timerI.cancel();
        }
    }

    @Override
    void release() {
        ReferenceCountUtil.release(lastResponse);
        lastResponse = null;
        cancelHandler = null;
    }
}
