package org.webtrunk.gateway.proxy;

import io.netty.buffer.ByteBufAllocator;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.webtrunk.gateway.proxy.transaction.InviteClientTransaction;
import org.webtrunk.gateway.proxy.transaction.NonInviteClientTransaction;
import org.webtrunk.gateway.proxy.transaction.TimerService;
import org.webtrunk.gateway.proxy.transaction.Transaction;
import org.webtrunk.gateway.proxy.transaction.TransactionKey;
import org.webtrunk.gateway.proxy.transaction.TransactionTable;
import org.webtrunk.gateway.sip.CSeq;
import org.webtrunk.gateway.sip.SipMessage;
import org.webtrunk.gateway.sip.SipResponseBuilder;
import org.webtrunk.gateway.sip.Via;

/**
 * The stateful proxy: requests pass {@link TransactionStep}, {@link MaxForwardsStep}, {@link PolicyStep}, {@link RouteStep}
 * and {@link ForwardStep}; responses are matched to client transactions (RFC 3261 §17.1.3) and relayed.
 *
 * <p>Call {@link #onRequest} and {@link #onResponse} on the event loop of the message's flow, after the
 * sanity and authentication stages. A request whose transaction lives on another loop is handed over.
 * Rejections become SIP replies in one place, at the end of {@link #onRequest}; an unexpected error
 * becomes a 500, never a stack trace on the wire.
 */
public final class ProxyCore {
    private static final Logger log = LoggerFactory.getLogger(ProxyCore.class);

    private final ProxyServices services;
    private final List<ProxyStep> steps;
    private final RequestOriginator originator;

    /**
     * @param timers    {@link org.webtrunk.gateway.proxy.transaction.WheelTimerService} in production
     * @param outbound  flows to trunks (the transport layer's)
     * @param tokens    flow tokens of WebSocket connections ({@code transport.FlowRegistry})
     * @param planner   targets of requests not routed by a Route naming us, unless given per request
     * @param listener  told each target's success or failure ({@code tenant.TargetHealth})
     * @param responses builds our own responses (Server header)
     */
    public ProxyCore(ProxyConfig config, TimerService timers, OutboundFlows outbound, FlowTokens tokens,
                     TargetPlanner planner, TargetListener listener, SipResponseBuilder responses,
                     ByteBufAllocator alloc) {
        this(config, timers, outbound, tokens, planner, listener, responses, alloc, RequestPolicy.PROCEED);
    }

    /** @param policy the gateway's decision on each new request (auth, registrar, tenant routing) */
    public ProxyCore(ProxyConfig config, TimerService timers, OutboundFlows outbound, FlowTokens tokens,
                     TargetPlanner planner, TargetListener listener, SipResponseBuilder responses,
                     ByteBufAllocator alloc, RequestPolicy policy) {
        this(config, timers, outbound, tokens, planner, listener, responses, alloc, policy, CallObserver.NONE);
    }

    /**
     * @param observer told about calls (the dialog tracker); given an {@link Originator} before this
     *                 constructor returns
     */
    public ProxyCore(ProxyConfig config, TimerService timers, OutboundFlows outbound, FlowTokens tokens,
                     TargetPlanner planner, TargetListener listener, SipResponseBuilder responses,
                     ByteBufAllocator alloc, RequestPolicy policy, CallObserver observer) {
        Objects.requireNonNull(config, "config");
        Replies replies = new Replies(Objects.requireNonNull(responses, "responses"), alloc);
        this.services = new ProxyServices(config, new TransactionTable(config.maxServerTransactions()),
                Objects.requireNonNull(timers, "timers"), Objects.requireNonNull(outbound, "outbound"),
                Objects.requireNonNull(tokens, "tokens"), Objects.requireNonNull(planner, "planner"),
                Objects.requireNonNull(listener, "listener"), replies,
                new RequestRewriter(config, tokens, alloc), new BranchGenerator(), new ProxyMetrics(),
                Objects.requireNonNull(observer, "observer"));
        TransactionStep transactionStep = new TransactionStep(services);
        this.steps = List.of(transactionStep, new MaxForwardsStep(),
                new PolicyStep(Objects.requireNonNull(policy, "policy")), new RouteStep(services),
                new ForwardStep(services, transactionStep));
        this.originator = new RequestOriginator(services);
        observer.attached(originator);
    }

    /** Ends every open transaction and releases what they hold; call on shutdown before the event loops stop. */
    public void close() {
        services.table().terminateAll();
    }

    /** Sends requests the gateway makes itself (BYEs of vanished calls, OPTIONS probes of trunk targets). */
    public Originator originator() {
        return originator;
    }

    /** Handles a decoded request that passed sanity and auth. Takes ownership of {@code request}. */
    public void onRequest(SipMessage request) {
        onRequest(request, services.planner());
    }

    /**
     * Same, with the plan for this request (e.g. the caller's tenant's trunks, known after auth); it is
     * asked only if no Route names us.
     */
    public void onRequest(SipMessage request, TargetPlanner planner) {
        try {
            TransactionKey key = TransactionStep.keyOf(request, request.method());
            Transaction existing = key == null ? null : services.table().get(key);
            if (existing != null && !existing.executor().inEventLoop()) {
                SipMessage handed = request.retain();
                existing.executor().execute(() -> onRequest(handed, planner));
                return;
            }
            ProxyRequest r = new ProxyRequest(request);
            r.planner = Objects.requireNonNull(planner, "planner");
            process(r);
        } finally {
            request.release();
        }
    }

    private void process(ProxyRequest r) {
        try {
            for (ProxyStep step : steps) {
                if (step.process(r) == ProxyStep.Outcome.DONE) {
                    break;
                }
            }
        } catch (RuntimeException e) {
            log.warn("proxy failed on {}", r.message, e);
            if (!r.rejected()) {
                r.reject(500, "Server Internal Error");
            }
        }
        if (r.rejected() && !"ACK".equals(r.method())) {
            if (r.serverTransaction == null) {
                services.metrics().statelessReplies.increment();
            }
            services.replies().send(r.message, r.serverTransaction, r.rejectStatus, r.rejectReason, r.rejectHeaders);
        }
    }

    /** Handles a decoded response from a next hop. Takes ownership of {@code response}. */
    @SuppressWarnings("unchecked")
    public void onResponse(SipMessage response) {
        Via via = response.topVia();
        CSeq cseq = response.cseq();
        Transaction tx = via == null || cseq == null || via.branch() == null ? null
                : services.table().get(TransactionKey.client(via.branch(), cseq.method()));
        int status = response.statusCode();
        if (tx instanceof InviteClientTransaction<?> ict) {
            ict.run(() -> {
                try {
                    ((InviteClientTransaction<SipMessage>) ict).onResponse(status, response);
                } finally {
                    response.release();
                }
            });
        } else if (tx instanceof NonInviteClientTransaction<?> nict) {
            nict.run(() -> {
                try {
                    ((NonInviteClientTransaction<SipMessage>) nict).onResponse(status, response);
                } finally {
                    response.release();
                }
            });
        } else {
            services.metrics().strayResponses.increment();
            response.release();
        }
    }

    public TransactionTable transactions() {
        return services.table();
    }

    /** The gateway's own requests (BYEs, probes) not yet answered, including those whose transaction is queued. */
    public int ownRequestsAwaitingAnswer() {
        return services.table().clientsAwaitingFinalResponse() + originator.launching();
    }

    public ProxyMetrics metrics() {
        return services.metrics();
    }
}
