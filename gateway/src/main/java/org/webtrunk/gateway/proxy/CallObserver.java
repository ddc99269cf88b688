package org.webtrunk.gateway.proxy;

import org.webtrunk.gateway.sip.SipMessage;

/**
 * What the proxy tells a dialog tracker about the calls passing through it (Kamailio's dialog module
 * hooks into tm the same way): admission of new INVITEs, each forwarded request, each answer the
 * caller gets. Every method has a no-op default; {@link #NONE} observes nothing.
 *
 * <p>Called on the request's server transaction event loop; must not block. Implementations shared
 * across loops must be thread-safe.
 */
public interface CallObserver {
    CallObserver NONE = new CallObserver() {
    };

    /** Called once, from {@link ProxyCore}'s constructor: how the observer sends requests of its own. */
    default void attached(Originator originator) {
    }

    /**
     * Asked once per initial INVITE (no To tag) that is about to be forwarded, after policy and routing.
     * Null lets it through; an answer refuses it (e.g. 503 when the dialog table is full, 422 for a
     * too-small Session-Expires, RFC 4028 §8.1).
     */
    default PolicyDecision.Answer admit(SipMessage invite) {
        return null;
    }

    /**
     * Same, knowing where the INVITE will go (its failover plan), so per-tenant limits can be applied.
     * By default asks {@link #admit(SipMessage)}.
     */
    default PolicyDecision.Answer admit(SipMessage invite, java.util.List<Target> targets) {
        return admit(invite);
    }

    /**
     * Asked for each request inside a dialog (it has a To tag), ACK included, before it is forwarded to
     * {@code target}. Null lets it through; an answer refuses it (481 for a dialog the gateway does not
     * carry, 403 for a next hop outside the dialog), and a refused ACK is dropped. By default all pass.
     */
    default PolicyDecision.Answer admitInDialog(SipMessage request, Target target) {
        return null;
    }

    /**
     * An INVITE, or a request inside a dialog (it has a To tag), was sent to a target; again for each
     * failover target.
     */
    default void onForwarded(ProxiedRequest request) {
    }

    /**
     * The target of a forwarded initial INVITE sent a provisional response, 100 Trying included (which is not
     * relayed): the proxy no longer fails that branch over on silence, so a close of its connection from now on
     * means the call is gone there.
     */
    default void onProvisional(ProxiedRequest invite) {
    }

    /**
     * The caller got an answer to a request reported by {@link #onForwarded} (or to an admitted INVITE that
     * could not be forwarded at all): a relayed provisional or final response ({@code response} is the
     * next hop's, valid during the call only), or a final answer of our own ({@code response} null:
     * 408 for a timeout, 503/487 and so on). A non-INVITE that timed out downstream reports 408 although
     * no 408 is sent (RFC 4320). One final answer per request: 2xx retransmissions and forked 2xx relayed
     * after it are not reported (the dialog is decided by then, and the proxy keeps nothing for it).
     */
    default void onAnswered(ProxiedRequest request, int status, SipMessage response) {
    }
}
