package org.webtrunk.gateway.proxy;

import java.util.List;
import org.webtrunk.gateway.proxy.transaction.ServerTransaction;
import org.webtrunk.gateway.sip.SipMessage;
import org.webtrunk.gateway.transport.Flow;

/** What the steps learn about one request as it passes through the chain. Confined to one event loop. */
final class ProxyRequest {
    final SipMessage message;
    final Flow flow;
    /** Set by {@link TransactionStep} for every request but ACK; the transaction itself only once opened. */
    org.webtrunk.gateway.proxy.transaction.TransactionKey transactionKey;
    ServerTransaction serverTransaction;
    /** Asked for the targets when no Route names us. */
    TargetPlanner planner;
    /** Where to send it, in failover order. */
    List<Target> targets;
    /** Route values left after popping ours; null when no Route named us (forward Route headers as they are). */
    List<String> remainingRoutes;
    /** True for a request routed by the planner: the Request-URI becomes the target's (§16.6 step 2). */
    boolean retarget;
    /** Lower-case header names removed before forwarding (set by the policy). */
    java.util.Set<String> stripHeaders = java.util.Set.of();
    /** Whole header lines added before forwarding (set by the policy). */
    List<String> addHeaders = List.of();
    int rejectStatus;
    String rejectReason;
    List<String> rejectHeaders = List.of();

    ProxyRequest(SipMessage message) {
        this.message = message;
        this.flow = message.flow();
    }

    /** Records the answer the request gets instead of being forwarded; {@link ProxyStep.Outcome#DONE}. */
    ProxyStep.Outcome reject(int status, String reason, String... headers) {
        rejectStatus = status;
        rejectReason = reason;
        rejectHeaders = List.of(headers);
        return ProxyStep.Outcome.DONE;
    }

    boolean rejected() {
        return rejectStatus != 0;
    }

    String method() {
        return message.method();
    }
}
