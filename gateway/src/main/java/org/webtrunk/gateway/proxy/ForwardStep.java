package org.webtrunk.gateway.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.util.ReferenceCountUtil;
import org.webtrunk.gateway.proxy.transaction.InviteServerTransaction;

/**
 * Sends the request on: an ACK for a 2xx statelessly (it has no transaction, RFC 3261 §16.11, §17.1.1.3),
 * everything else through a {@link Forwarding} that owns the client transactions and the failover.
 * An initial INVITE is first admitted by the {@link CallObserver} (dialog table bound, session timer floor),
 * and a request inside a dialog must belong to a dialog it carries and go to that dialog's other side.
 */
final class ForwardStep implements ProxyStep {
    private final ProxyServices s;
    private final TransactionStep transactions;

    ForwardStep(ProxyServices services, TransactionStep transactions) {
        this.s = services;
        this.transactions = transactions;
    }

    @Override
    public Outcome process(ProxyRequest r) {
        if (r.message.toTag() != null) {
            // answered statelessly, before any transaction: a request for no dialog of ours is not relayed
            PolicyDecision.Answer refusal = s.observer().admitInDialog(r.message, r.targets.get(0));
            if (refusal != null) {
                return r.reject(refusal.status(), refusal.reason(), refusal.headers().toArray(String[]::new));
            }
        }
        if ("ACK".equals(r.method())) {
            forwardAck(r);
            return Outcome.DONE;
        }
        if (!transactions.open(r)) {
            return transactions.refuseUnopened(r);
        }
        if (r.serverTransaction instanceof InviteServerTransaction && r.message.toTag() == null) {
            PolicyDecision.Answer refusal = s.observer().admit(r.message, r.targets);
            if (refusal != null) {
                return r.reject(refusal.status(), refusal.reason(), refusal.headers().toArray(String[]::new));
            }
        }
        Forwarding f = new Forwarding(s, r);
        if (r.serverTransaction instanceof InviteServerTransaction ist) {
            ist.onCancel(f::cancel);
        }
        f.start();
        return Outcome.DONE;
    }

    private void forwardAck(ProxyRequest r) {
        Target t = r.targets.get(0);
        RequestRewriter.Forwarded fwd = s.rewriter().forward(r, t, t.transport(), t.flow(), s.branches().next(), false);
        ByteBuf bytes = fwd.bytes();
        s.metrics().forwarded.increment();
        if (t.flow() != null) {
            t.flow().send(bytes);
            return;
        }
        s.outbound().flowTo(t.transport(), t.address()).whenComplete((flow, err) -> {
            if (err == null && flow != null) {
                flow.send(bytes);
            } else {
                ReferenceCountUtil.release(bytes);
            }
        });
    }
}
