package org.webtrunk.gateway.proxy;

import org.webtrunk.gateway.sip.SipMessage;

/**
 * The gateway's decision about a new request before it is routed: authenticate, register, answer
 * locally, or route to a tenant's trunk or a registered browser. Its answers go out statelessly: a
 * retransmitted request is decided again (so deciding must be idempotent for a retransmission: the
 * digest nonce-count and the registrar's CSeq check accept the same request from the same source), and
 * the ACK of a non-2xx is absorbed by its To tag. ACK and CANCEL never reach it (RFC 3261 §22.1: they are
 * not challenged).
 * Called on the request's event loop; must not block.
 */
@FunctionalInterface
public interface RequestPolicy {
    PolicyDecision decide(SipMessage request);

    /** Lets every request through to loose routing and the planner. */
    RequestPolicy PROCEED = request -> PolicyDecision.proceed();
}
