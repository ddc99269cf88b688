package org.webtrunk.gateway.proxy;

import org.webtrunk.gateway.sip.SipMessage;

/**
 * Refuses a request that may not be forwarded again (RFC 3261 §16.3 step 3): Max-Forwards 0 gets 483.
 * The sanity stage checks this too; the proxy guards anyway since it is what decrements it.
 */
final class MaxForwardsStep implements ProxyStep {
    @Override
    public Outcome process(ProxyRequest r) {
        int mf = r.message.maxForwards();
        if (mf == 0) {
            return r.reject(483, "Too Many Hops");
        }
        if (mf == SipMessage.INVALID) {
            return r.reject(400, "Bad Max-Forwards");
        }
        return Outcome.CONTINUE;
    }
}
