package org.webtrunk.gateway.proxy;

import org.webtrunk.gateway.sip.SipMessage;

/**
 * The gateway's decision about a new request before it is routed: authenticate, register, answer
 * locally, or route to a tenant's trunk or a registered browser. It runs inside the request's server
 * transaction, so its answers (401/407 challenges, 200 to REGISTER) are retransmitted and their ACKs
 * absorbed like any other. ACK and CANCEL never reach it (RFC 3261 §22.1: they are not challenged).
 * Called on the request's event loop; must not block.
 */
@FunctionalInterface
public interface RequestPolicy {
    PolicyDecision decide(SipMessage request);

    /** Lets every request through to loose routing and the planner. */
    RequestPolicy PROCEED = request -> PolicyDecision.proceed();
}
