package org.webtrunk.gateway.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.webtrunk.gateway.proxy.transaction.AckFactory;
import org.webtrunk.gateway.proxy.transaction.ClientTransaction;
import org.webtrunk.gateway.proxy.transaction.ClientTransactionUser;
import org.webtrunk.gateway.proxy.transaction.InviteClientTransaction;
import org.webtrunk.gateway.proxy.transaction.InviteServerTransaction;
import org.webtrunk.gateway.proxy.transaction.NonInviteClientTransaction;
import org.webtrunk.gateway.proxy.transaction.NonInviteServerTransaction;
import org.webtrunk.gateway.proxy.transaction.ServerTransaction;
import org.webtrunk.gateway.proxy.transaction.TimerSlot;
import org.webtrunk.gateway.proxy.transaction.TransactionKey;
import org.webtrunk.gateway.sip.HeaderName;
import org.webtrunk.gateway.sip.SipMessage;
import org.webtrunk.gateway.transport.Flow;

/**
 * The response context of one proxied request (RFC 3261 §16.6-§16.10): forwards it to the plan's
 * targets one at a time (serial forking, for failover only), relays provisional responses, and gives the
 * caller exactly one final answer.
 *
 * <p>A target is given up, reported failed and the next one tried when it sends nothing within the
 * failover timer (not for the last target, which gets the full Timer B/F), times out, answers 503 or
 * cannot be sent to. When every target failed the
 * caller gets 503 (if any refused or was unreachable) or 408. Any other final response ends the search.
 * A CANCEL from the caller is sent on the branch once it has a provisional response (§9.1) and stops
 * the failover; the far end's 487 is relayed.
 *
 * <p>Confined to the server transaction's event loop. Holds the request (retained) until the final
 * answer; afterwards only relays 2xx retransmissions of its INVITE branch (RFC 6026).
 */
final class Forwarding implements ClientTransactionUser<SipMessage> {
    private static final ClientTransactionUser<SipMessage> IGNORE = new ClientTransactionUser<>() {
        @Override
        public void onResponse(ClientTransaction tx, int status, SipMessage response) {
        }

        @Override
        public void onTimeout(ClientTransaction tx) {
        }

        @Override
        public void onTransportError(ClientTransaction tx, Throwable cause) {
        }
    };

    private final ProxyServices s;
    /** The request and its parsed view: dropped at the final answer, as this object outlives it by 32 s. */
    private ProxyRequest request;
    private SipMessage message;
    private final ServerTransaction server;
    private final boolean invite;
    private final boolean recordRoute;
    // Dropped (null) once finished, as are observed and ids (unless a silent branch may still need a CANCEL):
    // a call's Forwarding is kept 32 s by its INVITE client transaction, and each GC cycle marks what it holds.
    private Iterator<Target> targets;
    private TimerSlot failoverTimer; // made on first use, as is timerC
    private TimerSlot timerC;
    private Target target;
    private ClientTransaction branch;
    private RequestRewriter.Forwarded forwarded;
    private boolean finished;
    private boolean cancelled;
    private boolean cancelSent;
    private boolean unavailable;
    private boolean targetReported;
    /** INVITE branches given up without any response: still alive, to be cancelled if they wake up (§9.1). */
    private List<SilentBranch> silentBranches; // rare: made on first use, as every call's Forwarding lives 32 s
    private RequestRewriter.InviteIds ids;
    /** What the {@link CallObserver} is told about the current branch; null for requests it does not see. */
    private ProxiedRequest observed;

    private record SilentBranch(ClientTransaction branch, RequestRewriter.Forwarded forwarded, ProxiedRequest observed) {
    }

    Forwarding(ProxyServices services, ProxyRequest request) {
        this.s = services;
        this.request = request;
        this.message = request.message.retain();
        this.server = request.serverTransaction;
        this.invite = "INVITE".equals(request.method());
        this.ids = invite ? RequestRewriter.InviteIds.of(message) : null;
        this.recordRoute = request.retarget && message.toTag() == null && dialogForming(request.method());
        this.targets = List.copyOf(request.targets).iterator();
        this.observed = invite || message.toTag() != null ? observed(message, server) : null;
    }

    private static ProxiedRequest observed(SipMessage m, ServerTransaction server) {
        Runnable cancel = server instanceof InviteServerTransaction ist ? () -> ist.run(ist::cancel) : () -> { };
        return new ProxiedRequest(m.method(), m.callId(), m.header(HeaderName.FROM), m.header(HeaderName.TO),
                m.fromTag(), m.toTag(), m.cseq() == null ? 0 : m.cseq().number(), m.header(HeaderName.CONTACT),
                m.header(HeaderName.SESSION_EXPIRES), m.flow(), null, null, List.of(), cancel);
    }

    /** Requests that can create a dialog get our Record-Route (RFC 3261 §16.6 step 4, RFC 6665, RFC 3515). */
    private static boolean dialogForming(String method) {
        return switch (method) {
            case "INVITE", "SUBSCRIBE", "REFER", "NOTIFY" -> true;
            default -> false;
        };
    }

    void start() {
        next();
    }

    private void next() {
        if (finished) {
            return;
        }
        if (cancelled) {
            finish(487, "Request Terminated");
            return;
        }
        if (!targets.hasNext()) {
            if (unavailable) {
                finish(503, "Service Unavailable");
            } else if (server instanceof NonInviteServerTransaction nist) {
                nist.endWithoutResponse(); // no 408 to a non-INVITE (RFC 4320 §4.2)
                observe(observed, 408, null);
                done();
            } else {
                finish(408, "Request Timeout");
            }
            return;
        }
        if (target != null) {
            s.metrics().failovers.increment();
        }
        Target t = targets.next();
        target = t;
        targetReported = false;
        branch = null;
        forwarded = null;
        if (t.flow() != null) {
            if (t.flow().isOpen()) {
                launch(t, t.flow());
            } else {
                failed(t, TargetListener.Failure.TRANSPORT);
            }
            return;
        }
        CompletionStage<Flow> connecting = s.outbound().flowTo(t.transport(), t.address());
        if (!connecting.toCompletableFuture().isDone()) {
            // Bounded wait for the connection, whatever OutboundFlows does (a TCP connect may hang for long).
            failoverTimer().start(s.config().targetTimeout().toMillis(), () -> {
                if (!finished && target == t && branch == null) {
                    failed(t, TargetListener.Failure.TRANSPORT);
                }
            });
        }
        connecting.whenComplete((flow, err) -> server.run(() -> {
            if (finished || target != t) {
                return;
            }
            if (err != null || flow == null || !flow.isOpen()) {
                failed(t, TargetListener.Failure.TRANSPORT);
            } else {
                launch(t, flow);
            }
        }));
    }

    private void launch(Target t, Flow flow) {
        cancelTimer(failoverTimer);
        String branchId = s.branches().next();
        RequestRewriter.Forwarded fwd = s.rewriter().forward(request, t, flow.transport(), flow, branchId, recordRoute);
        forwarded = fwd;
        if (observed != null) {
            observed = observed.sentTo(flow, t, recordRoute
                    ? s.rewriter().recordRoute(request.flow, flow.transport(), flow) : List.of());
            s.observer().onForwarded(observed);
        }
        TransactionKey key = TransactionKey.client(branchId, request.method());
        ClientTransaction tx;
        if (invite) {
            InviteClientTransaction<SipMessage> ict = new InviteClientTransaction<>(key, flow, server.executor(),
                    s.config().timers(), s.timers(), this, ackFactory(s, ids, fwd),
                    s.table().remover());
            tx = ict;
            s.table().addClient(tx);
            branch = tx;
            startFailoverTimer();
            s.metrics().forwarded.increment();
            ict.start(fwd.bytes());
        } else {
            NonInviteClientTransaction<SipMessage> nict = new NonInviteClientTransaction<>(key, flow,
                    server.executor(), s.config().timers(), s.timers(), this, s.table().remover());
            tx = nict;
            s.table().addClient(tx);
            branch = tx;
            startFailoverTimer();
            s.metrics().forwarded.increment();
            nict.start(fwd.bytes());
        }
    }

    /**
     * Only when there is another target to try: the last one gets the full Timer B/F, so a lossy but
     * working path keeps its retransmissions (giving up early would help no one).
     */
    private void startFailoverTimer() {
        if (targets.hasNext()) {
            failoverTimer().start(s.config().targetTimeout().toMillis(), this::targetTimedOut);
        }
    }

    @Override
    public void onResponse(ClientTransaction tx, int status, SipMessage response) {
        if (tx != branch) {
            lateResponse(tx, status, response);
            return;
        }
        cancelTimer(failoverTimer);
        if (finished) {
            if (status >= 200 && status < 300) {
                relay(status, response); // 2xx retransmission or another 2xx: end to end (RFC 6026 §8.4)
            }
            return;
        }
        if (status != 503 && !targetReported) {
            targetReported = true;
            s.targetListener().onSuccess(target);
        }
        if (status < 200) {
            if (observed != null && invite) {
                s.observer().onProvisional(observed);
            }
            if (cancelled) {
                sendCancel();
            }
            if (invite) {
                timerC().start(s.config().inviteTimeout().toMillis(), this::timerCFired);
            }
            if (status > 100) {
                relay(status, response); // 100 is hop by hop (§16.7 step 5)
            }
            return;
        }
        if (status == 503 && !cancelled) {
            unavailable = true;
            s.targetListener().onFailure(target, TargetListener.Failure.SERVICE_UNAVAILABLE);
            next();
            return;
        }
        if (!relay(status, response)) {
            // a broken next hop answered with our Via only: the caller still gets this answer, from us
            String reason = response.reason();
            finish(status, reason == null || reason.isBlank() ? "Error" : reason);
            return;
        }
        done();
    }

    @Override
    public void onTimeout(ClientTransaction tx) {
        if (tx == branch && !finished) {
            failed(target, TargetListener.Failure.TIMEOUT);
        }
    }

    @Override
    public void onTransportError(ClientTransaction tx, Throwable cause) {
        if (tx == branch && !finished) {
            failed(target, TargetListener.Failure.TRANSPORT);
        }
    }

    /** The caller cancelled its INVITE (§16.10): cancel the branch, or answer 487 if none is out yet. */
    void cancel() {
        if (finished || cancelled) {
            return;
        }
        cancelled = true;
        if (branch == null) {
            finish(487, "Request Terminated");
            return;
        }
        if (branch.hasResponse()) {
            if (!branch.flow().isOpen()) {
                branch.abandon(); // its connection is gone: nothing will answer, and no CANCEL can go there
                finish(487, "Request Terminated");
                return;
            }
            sendCancel();
        }
        // Without a provisional response the CANCEL waits for one (§9.1); either way the branch has 64*T1.
        timerC().start(s.config().timers().t1().toMillis() * 64, () -> {
            branch.abandon();
            finish(487, "Request Terminated");
        });
    }

    private void targetTimedOut() {
        if (finished || branch == null || branch.hasResponse()) {
            return;
        }
        if (invite) {
            // No answer at all. An INVITE may not be cancelled before a provisional response (§9.1): keep
            // its transaction (it ends with Timer B) and cancel it should the target wake up after all.
            if (silentBranches == null) {
                silentBranches = new ArrayList<>(1);
            }
            silentBranches.add(new SilentBranch(branch, forwarded, observed));
        } else {
            branch.abandon();
        }
        failed(target, TargetListener.Failure.TIMEOUT);
    }

    private void timerCFired() {
        if (finished) {
            return;
        }
        sendCancel();
        timerC().start(s.config().timers().t1().toMillis() * 64, () -> {
            branch.abandon();
            finish(408, "Request Timeout");
        });
    }

    private void failed(Target t, TargetListener.Failure failure) {
        cancelTimer(failoverTimer);
        cancelTimer(timerC);
        if (failure != TargetListener.Failure.TIMEOUT) {
            unavailable = true;
        }
        s.targetListener().onFailure(t, failure);
        next();
    }

    private void sendCancel() {
        if (cancelSent || !invite || forwarded == null || branch == null) {
            return;
        }
        cancelSent = true;
        sendCancel(branch, forwarded);
    }

    private void sendCancel(ClientTransaction invite, RequestRewriter.Forwarded fwd) {
        ByteBuf cancel = Unpooled.wrappedBuffer(s.rewriter().cancel(ids, fwd));
        TransactionKey key = TransactionKey.client(invite.key().branch(), "CANCEL");
        NonInviteClientTransaction<SipMessage> tx = new NonInviteClientTransaction<>(key, invite.flow(),
                server.executor(), s.config().timers(), s.timers(), IGNORE, s.table().remover());
        if (s.table().addClient(tx)) {
            tx.start(cancel);
        } else {
            cancel.release(); // already cancelled
        }
    }

    /**
     * A response on a branch given up for silence: a provisional one gets it cancelled; a 2xx is relayed
     * like any forked 2xx (§16.7 step 5), and the caller's UA keeps one dialog and ends the other.
     */
    private void lateResponse(ClientTransaction tx, int status, SipMessage response) {
        SilentBranch silent = silentBranches == null ? null
                : silentBranches.stream().filter(b -> b.branch() == tx).findFirst().orElse(null);
        if (silent == null) {
            return;
        }
        if (status < 200) {
            sendCancel(tx, silent.forwarded());
        } else if (status < 300) {
            relay(status, response, silent.observed());
        }
    }

    /** Relays a response without our Via; false when no Via is left to send it to (a broken next hop). */
    private boolean relay(int status, SipMessage response) {
        return relay(status, response, observed);
    }

    private boolean relay(int status, SipMessage response, ProxiedRequest about) {
        ByteBuf out = s.rewriter().stripTopVia(response);
        if (out == null) {
            return false;
        }
        observe(about, status, response);
        server.sendResponse(status, out);
        return true;
    }

    private void observe(ProxiedRequest about, int status, SipMessage response) {
        if (about != null) {
            s.observer().onAnswered(about, status, response);
        }
    }

    /** A final answer of ours: through the server transaction, in the one place replies are made. */
    private void finish(int status, String reason) {
        if (finished) {
            return;
        }
        s.replies().send(message, server, status, reason, List.of());
        observe(observed, status, null);
        done();
    }

    private void done() {
        finished = true;
        cancelTimer(failoverTimer);
        cancelTimer(timerC);
        failoverTimer = null;
        timerC = null;
        message.release();
        message = null;
        request = null;
        forwarded = null;
        targets = null;
        target = null;
        observed = null; // told its one final answer; 2xx relayed later are not reported (CallObserver)
        if (silentBranches == null) {
            ids = null;
        }
    }

    private TimerSlot failoverTimer() {
        if (failoverTimer == null) {
            failoverTimer = new TimerSlot(s.timers(), server);
        }
        return failoverTimer;
    }

    private TimerSlot timerC() {
        if (timerC == null) {
            timerC = new TimerSlot(s.timers(), server);
        }
        return timerC;
    }

    private static void cancelTimer(TimerSlot timer) {
        if (timer != null) {
            timer.cancel();
        }
    }

    /** Captures what the ACK needs, not this object, which may drop them before a silent branch answers. */
    private static AckFactory<SipMessage> ackFactory(ProxyServices s, RequestRewriter.InviteIds ids,
                                                     RequestRewriter.Forwarded fwd) {
        return resp -> s.rewriter().ack(ids, fwd, resp);
    }
}
