package org.webtrunk.gateway.dialog;

import io.netty.util.Timeout;
import java.time.Instant;
import java.util.List;
import org.webtrunk.gateway.proxy.Target;
import org.webtrunk.gateway.transport.Flow;

/**
 * One call: the caller's side (From tag, first flow) and the callee's (To tag, the flow the INVITE went
 * out on), with what it takes to send a request into the dialog on either side (RFC 3261 §12.2.1.1):
 * remote target, route set beyond us, the side's highest CSeq. All fields are guarded by the object's lock.
 */
final class Dialog {
    enum State { EARLY, CONFIRMED, ENDED }

    final String id;
    final String key;
    final String callId;
    final String callerTag;
    /** From of the INVITE, with the caller's tag: the caller's identity in requests we send. */
    final String callerFrom;
    /** To of the INVITE (no tag yet). */
    final String initialTo;
    final Flow callerFlow;
    final String callerContact;
    final Instant started;

    State state = State.EARLY;
    Flow calleeFlow;
    Target calleeTarget;
    /**
     * The target the INVITE is out to has answered (any response). Until then, a close of its connection is a
     * transport failure of that branch, which the proxy's failover handles, not the end of the call.
     */
    boolean calleeAnswered;
    /** Our Record-Route entries on the INVITE, to find ourselves in the 2xx's Record-Route. */
    List<String> ourRecordRoute = List.of();
    String tenant;
    boolean counted;
    /** A BYE from either side is on its way: the call is ending, nothing more to send when a flow closes. */
    boolean byeInFlight;
    /** The tenant's concurrent-call permit, given back when the call ends; null when not limited. */
    org.webtrunk.gateway.protection.CallPermit permit;
    /** Cancels the INVITE's forwarding as if the caller had sent CANCEL. */
    Runnable cancel = () -> { };
    /** Set when we end an early dialog: counted with this reason when its final answer comes. */
    EndReason pendingReason;

    String calleeTag;
    /** To of the 2xx, with the callee's tag: the callee's identity in requests we send. */
    String calleeTo;
    String calleeContact;
    List<String> routeToCallee = List.of();
    List<String> routeToCaller = List.of();
    long callerCseq;
    /** 0 until the callee sends a request of its own. */
    long calleeCseq;
    Instant answered;

    int sessionInterval;
    String refresher;
    Timeout sessionTimer;
    /** Bumped on every (re)start of the session timer, so a firing that raced with a refresh is dropped. */
    int sessionGeneration;
    Timeout maxDurationTimer;
    Timeout probeTimer;

    Dialog(String id, String key, String callId, String callerTag, String callerFrom, String initialTo,
           Flow callerFlow, String callerContact, long cseq, Instant started) {
        this.id = id;
        this.key = key;
        this.callId = callId;
        this.callerTag = callerTag;
        this.callerFrom = callerFrom;
        this.initialTo = initialTo;
        this.callerFlow = callerFlow;
        this.callerContact = callerContact;
        this.callerCseq = cseq;
        this.started = started;
    }

    static String key(String callId, String callerTag) {
        return callId + '\n' + callerTag;
    }

    synchronized void cancelTimers() {
        cancel(sessionTimer);
        cancel(maxDurationTimer);
        cancel(probeTimer);
        sessionTimer = null;
        maxDurationTimer = null;
        probeTimer = null;
    }

    static void cancel(Timeout t) {
        if (t != null) {
            t.cancel();
        }
    }

    synchronized DialogInfo info() {
        return new DialogInfo(id, callId, state == State.EARLY ? "early" : state == State.CONFIRMED ? "confirmed"
                : "ended", tenant, String.valueOf(callerFlow), calleeFlow == null ? null : calleeFlow.toString(),
                started, answered, sessionInterval, refresher);
    }
}
