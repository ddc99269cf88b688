package org.webtrunk.gateway.proxy;

import org.webtrunk.gateway.proxy.transaction.InviteServerTransaction;
import org.webtrunk.gateway.proxy.transaction.NonInviteServerTransaction;
import org.webtrunk.gateway.proxy.transaction.ServerTransaction;
import org.webtrunk.gateway.proxy.transaction.Transaction;
import org.webtrunk.gateway.proxy.transaction.TransactionKey;
import org.webtrunk.gateway.sip.CSeq;
import org.webtrunk.gateway.sip.SipMessage;
import org.webtrunk.gateway.sip.Via;

/**
 * Matches a request to its server transaction (RFC 3261 §17.2.3) or makes one. A retransmission gets
 * the last response again and goes no further; the ACK of our non-2xx is absorbed; a CANCEL is
 * answered 200 and handed to its INVITE (§9.2, §16.10); a new INVITE is answered 100 Trying at once
 * (§16.2). When the table is full the request gets 503 with Retry-After.
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
        ServerTransaction tx = "INVITE".equals(method)
                ? new InviteServerTransaction(key, r.flow, r.flow.channel().eventLoop(), s.config().timers(),
                        s.timers(), s.table()::remove)
                : new NonInviteServerTransaction(key, r.flow, r.flow.channel().eventLoop(), s.config().timers(),
                        s.timers(), s.table()::remove);
        if (!s.table().addServer(tx)) {
            if (s.table().get(key) != null) {
                return Outcome.DONE; // lost a race with its own retransmission
            }
            return r.reject(503, "Service Unavailable", "Retry-After: " + s.config().retryAfterSeconds());
        }
        r.serverTransaction = tx;
        if (tx instanceof InviteServerTransaction ist) {
            ist.start(s.replies().build(m, 100, "Trying", java.util.List.of()));
        }
        return Outcome.CONTINUE;
    }

    private Outcome cancel(ProxyRequest r, TransactionKey cancelKey) {
        TransactionKey inviteKey = new TransactionKey(cancelKey.branch(), cancelKey.sentBy(), "INVITE");
        if (!(s.table().get(inviteKey) instanceof InviteServerTransaction invite)) {
            return r.reject(481, "Call/Transaction Does Not Exist");
        }
        NonInviteServerTransaction tx = new NonInviteServerTransaction(cancelKey, r.flow,
                r.flow.channel().eventLoop(), s.config().timers(), s.timers(), s.table()::remove);
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
