package org.webtrunk.gateway.proxy;

import org.webtrunk.gateway.proxy.transaction.InviteServerTransaction;
import org.webtrunk.gateway.proxy.transaction.NonInviteServerTransaction;
import org.webtrunk.gateway.proxy.transaction.ServerTransaction;
import org.webtrunk.gateway.proxy.transaction.Transaction;
import org.webtrunk.gateway.proxy.transaction.TransactionKey;
import org.webtrunk.gateway.sip.CSeq;
import org.webtrunk.gateway.sip.SipMessage;
import org.webtrunk.gateway.sip.SipResponseBuilder;
import org.webtrunk.gateway.sip.Via;

/**
 * Matches a request to its server transaction (RFC 3261 §17.2.3). A retransmission gets the last
 * response again and goes no further; the ACK of our non-2xx is absorbed, whether that answer was sent
 * through a transaction or statelessly; a CANCEL is answered 200 and handed to its INVITE (§9.2, §16.10).
 *
 * <p>A new request gets its server transaction only when it is forwarded ({@link #open}; a new INVITE is
 * then answered 100 Trying, §16.2). What the gateway answers itself (challenges, refusals, REGISTER 200,
 * OPTIONS) goes out statelessly, as Kamailio's {@code sl} does: a retransmission is simply decided again
 * (the authenticator and the registrar recognise a retransmitted REGISTER), and the table is kept for calls
 * instead of 32 s of Timer J per answer.
 * When the table is full the request gets 503 with Retry-After.
 */
final class TransactionStep implements ProxyStep {
    private final ProxyServices s;

    TransactionStep(ProxyServices services) {
        this.s = services;
    }

    /** The server key of a request, or null when it has no usable Via or CSeq. */
    static TransactionKey keyOf(SipMessage m, String method) {
        Via via = m.topVia();
        CSeq cseq = m.cseq();
        if (via == null || cseq == null) {
            return null;
        }
        String branch = via.branch();
        if (!TransactionKey.isRfc3261Branch(branch)) {
            // RFC 2543 peer: no unique branch, so match on the dialog and CSeq number (§17.2.3, simplified)
            branch = "2543:" + m.callId() + ":" + cseq.number() + ":" + m.fromTag() + ":" + branch;
        }
        return TransactionKey.server(branch, via.sentBy(), method);
    }

    @Override
    public Outcome process(ProxyRequest r) {
        SipMessage m = r.message;
        String method = m.method();
        TransactionKey key = keyOf(m, method);
        if (key == null) {
            return r.reject(400, "Bad Via or CSeq");
        }
        Transaction existing = s.table().get(key);
        if ("ACK".equals(method)) {
            if (existing instanceof InviteServerTransaction ist && ist.onAck()) {
                s.metrics().acksAbsorbed.increment();
                return Outcome.DONE;
            }
            if (existing == null && SipResponseBuilder.isLocalTag(m)) {
                s.metrics().acksAbsorbed.increment(); // the ACK of a stateless non-2xx of ours (§17.1.1.3)
                return Outcome.DONE;
            }
            return Outcome.CONTINUE; // an ACK for a 2xx: end to end, forwarded by Route (§16.11)
        }
        if (existing instanceof ServerTransaction st) {
            s.metrics().retransmissionsAbsorbed.increment();
            st.onRetransmission();
            return Outcome.DONE;
        }
        if ("CANCEL".equals(method)) {
            return cancel(r, key);
        }
        r.transactionKey = key;
        return Outcome.CONTINUE;
    }

    /**
     * Makes the server transaction of a new request (a new INVITE answers 100 Trying through it).
     * False when the table is full or the request's own retransmission made one first.
     */
    boolean open(ProxyRequest r) {
        TransactionKey key = r.transactionKey;
        ServerTransaction tx = "INVITE".equals(r.method())
                ? new InviteServerTransaction(key, r.flow, r.flow.channel().eventLoop(), s.config().timers(),
                        s.timers(), s.table().remover())
                : new NonInviteServerTransaction(key, r.flow, r.flow.channel().eventLoop(), s.config().timers(),
                        s.timers(), s.table().remover());
        if (!s.table().addServer(tx)) {
            return false;
        }
        r.serverTransaction = tx;
        if (tx instanceof InviteServerTransaction ist) {
            ist.start(s.replies().build(r.message, 100, "Trying", java.util.List.of()));
        }
        return true;
    }

    /** The answer for a request {@link #open} refused: nothing when it lost a race with its retransmission. */
    Outcome refuseUnopened(ProxyRequest r) {
        if (s.table().get(r.transactionKey) != null) {
            return Outcome.DONE;
        }
        return r.reject(503, "Service Unavailable", "Retry-After: " + s.config().retryAfterSeconds());
    }

    private Outcome cancel(ProxyRequest r, TransactionKey cancelKey) {
        TransactionKey inviteKey = new TransactionKey(cancelKey.branch(), cancelKey.sentBy(), "INVITE");
        if (!(s.table().get(inviteKey) instanceof InviteServerTransaction invite)) {
            return r.reject(481, "Call/Transaction Does Not Exist");
        }
        NonInviteServerTransaction tx = new NonInviteServerTransaction(cancelKey, r.flow,
                r.flow.channel().eventLoop(), s.config().timers(), s.timers(), s.table().remover());
        if (!s.table().addServer(tx)) {
            return r.reject(503, "Service Unavailable", "Retry-After: " + s.config().retryAfterSeconds());
        }
        r.serverTransaction = tx;
        // §9.2: 200 to the CANCEL whether or not the INVITE can still be cancelled; the INVITE gets 487.
        s.replies().send(r.message, tx, 200, "OK", java.util.List.of());
        invite.run(invite::cancel);
        return Outcome.DONE;
    }
}
