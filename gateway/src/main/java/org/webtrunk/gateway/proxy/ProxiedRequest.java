package org.webtrunk.gateway.proxy;

import java.util.List;
import org.webtrunk.gateway.transport.Flow;

/**
 * A request as the proxy forwarded it, for a {@link CallObserver}: the dialog identifiers (unchanged by
 * a proxy, RFC 3261 §16.6), where it came from and where it went.
 *
 * @param from          From header value as received and sent, with its tag
 * @param to            To header value, with a tag inside a dialog
 * @param contact       the sender's Contact value, null if none
 * @param sessionExpires the Session-Expires value (RFC 4028 §4), null if none
 * @param inFlow        the flow it came in on (the sender's side)
 * @param outFlow       the flow it went out on; null when it could not be sent anywhere
 * @param target        the target it went to; null likewise
 * @param recordRoute   the Record-Route entries we put on it (one, or two for a transport change), empty
 *                      when we did not record-route
 * @param cancel        cancels a forwarded INVITE as if its caller had sent CANCEL (RFC 3261 §16.10): the
 *                      branch is cancelled, the caller answered 487; a no-op for other requests or once
 *                      a final answer went out. Safe from any thread.
 */
public record ProxiedRequest(String method, String callId, String from, String to, String fromTag, String toTag,
                             long cseq, String contact, String sessionExpires, Flow inFlow, Flow outFlow,
                             Target target, List<String> recordRoute, Runnable cancel) {
    public ProxiedRequest {
        recordRoute = List.copyOf(recordRoute);
    }

    ProxiedRequest sentTo(Flow out, Target t, List<String> rr) {
        return new ProxiedRequest(method, callId, from, to, fromTag, toTag, cseq, contact, sessionExpires, inFlow,
                out, t, rr, cancel);
    }
}
