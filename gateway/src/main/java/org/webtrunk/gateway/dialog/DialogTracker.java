package org.webtrunk.gateway.dialog;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.util.Timeout;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.webtrunk.gateway.config.DialogConfig;
import org.webtrunk.gateway.proxy.CallObserver;
import org.webtrunk.gateway.proxy.Originator;
import org.webtrunk.gateway.proxy.PolicyDecision;
import org.webtrunk.gateway.proxy.ProxiedRequest;
import org.webtrunk.gateway.proxy.Target;
import org.webtrunk.gateway.protection.CallLimiter;
import org.webtrunk.gateway.protection.ProtectionDecision;
import org.webtrunk.gateway.proxy.transaction.TimerService;
import org.webtrunk.gateway.sip.HeaderName;
import org.webtrunk.gateway.sip.NameAddr;
import org.webtrunk.gateway.sip.RejectLog;
import org.webtrunk.gateway.sip.SipMessage;
import org.webtrunk.gateway.sip.SipUri;
import org.webtrunk.gateway.transport.Flow;
import org.webtrunk.gateway.transport.Transport;

/**
 * Every call through the gateway, so that none outlives its browser (Kamailio's dialog module with its
 * {@code websocket:closed} handling, without a script).
 *
 * <p>Fed by the proxy as its {@link CallObserver}: an initial INVITE is admitted (503 when the table is full
 * or the gateway drains, 422 with Min-SE for a too-small Session-Expires, RFC 4028 §8.1), tracked as early,
 * confirmed by its 2xx (To tag, Contact, Record-Route, Session-Expires) and removed by a BYE's answer or a
 * failed INVITE. In-dialog requests update each side's CSeq; a 2xx to an UPDATE or re-INVITE restarts the
 * session timer (RFC 4028 §10).
 *
 * <p>A call is ended by the gateway when a connection of either side closes ({@link #onFlowClosed}: BYE to
 * the other side in the vanished party's name, or CANCEL while ringing; nothing is ever sent to the dead
 * connection), when a session refresh is missed (interval plus grace: BYE to both sides), when it is older
 * than the maximum duration, when an optional in-dialog OPTIONS probe of the trunk gets 481 or no answer,
 * on shutdown and from the admin API. The BYEs carry a Reason header (RFC 3326) and go through client
 * transactions of their own, whose answers are absorbed.
 *
 * <p>Thread-safe: tables are concurrent, each dialog is guarded by its own lock, requests are sent outside it.
 */
public final class DialogTracker implements CallObserver {
    private static final Logger log = LoggerFactory.getLogger(DialogTracker.class);
    private static final PolicyDecision.Answer NO_SUCH_DIALOG =
            new PolicyDecision.Answer(481, "Call/Transaction Does Not Exist", List.of());
    private static final PolicyDecision.Answer FORBIDDEN = new PolicyDecision.Answer(403, "Forbidden", List.of());

    private final RejectLog rejectLog;
    private final TlsContactListener tlsContacts;

    private final DialogConfig config;
    private final TimerService timers;
    private final Function<Target, String> tenantOf;
    private final CallLimiter calls;
    private final DialogMetrics metrics;
    private final Clock clock;
    private final ConcurrentHashMap<String, Dialog> byKey = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Dialog> byId = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Flow, Set<Dialog>> byFlow = new ConcurrentHashMap<>();
    private final AtomicInteger size = new AtomicInteger();
    private final AtomicLong ids = new AtomicLong();
    private volatile Originator originator;
    private volatile boolean draining;
    private volatile CompletableFuture<Integer> drained;

    /** A tracker whose calls have no tenant (they count under {@code none}). */
    public DialogTracker(DialogConfig config, TimerService timers, MeterRegistry registry) {
        this(config, timers, registry, target -> null, Clock.systemUTC());
    }

    /**
     * @param timers   the proxy's timer service (the same wheel)
     * @param tenantOf the tenant of a call from the target its INVITE went to (e.g. from the target's
     *                 {@code origin}, a trunk target or a browser binding); null for none. Must return
     *                 values from a bounded set: each is a metric series
     * @param clock    for the start and answer times shown to the admin API only
     */
    public DialogTracker(DialogConfig config, TimerService timers, MeterRegistry registry,
                         Function<Target, String> tenantOf, Clock clock) {
        this(config, timers, registry, tenantOf, clock, null);
    }

    /** @param calls per-tenant call rate and concurrency limits (edge protection); null for none */
    public DialogTracker(DialogConfig config, TimerService timers, MeterRegistry registry,
                         Function<Target, String> tenantOf, Clock clock, CallLimiter calls) {
        this(config, timers, registry, tenantOf, clock, calls, new RejectLog(10), TlsContactListener.NONE);
    }

    /**
     * @param rejectLog   where refused in-dialog requests are logged (bounded per source,
     *                    {@code sip.log-rejects-per-minute})
     * @param tlsContacts told each Contact a trunk answers with over TLS
     */
    public DialogTracker(DialogConfig config, TimerService timers, MeterRegistry registry,
                         Function<Target, String> tenantOf, Clock clock, CallLimiter calls, RejectLog rejectLog,
                         TlsContactListener tlsContacts) {
        this.tlsContacts = Objects.requireNonNull(tlsContacts, "tlsContacts");
        this.rejectLog = Objects.requireNonNull(rejectLog, "rejectLog");
        this.calls = calls;
        this.config = Objects.requireNonNull(config, "config");
        this.timers = Objects.requireNonNull(timers, "timers");
        this.tenantOf = Objects.requireNonNull(tenantOf, "tenantOf");
        this.metrics = new DialogMetrics(Objects.requireNonNull(registry, "registry"));
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public void attached(Originator o) {
        if (originator != null) {
            throw new IllegalStateException("a DialogTracker serves one ProxyCore");
        }
        originator = Objects.requireNonNull(o, "originator");
    }

    // ---- admission and the proxy's reports

    @Override
    public PolicyDecision.Answer admit(SipMessage invite) {
        return admit(invite, List.of());
    }

    /**
     * Admits a new call: not while draining, Session-Expires not below Min-SE, room in the table, and,
     * when a {@link CallLimiter} is set, within its tenant's call rate and concurrent calls. The tenant's
     * permit is held by the dialog, so the concurrent count is exact: from the INVITE until the call ends
     * or the INVITE fails.
     */
    @Override
    public PolicyDecision.Answer admit(SipMessage invite, List<Target> targets) {
        if (draining) {
            metrics.refused("draining");
            return unavailable();
        }
        SessionExpires se = SessionExpires.parse(invite.header(HeaderName.SESSION_EXPIRES));
        long minSe = config.minSessionExpires().toSeconds();
        if (se != null && se.seconds() < minSe && SessionExpires.supported(invite)) {
            // RFC 4028 §8.1: only a UA that supports timers can retry with a larger interval
            metrics.refused("min-se");
            return new PolicyDecision.Answer(422, "Session Interval Too Small", List.of("Min-SE: " + minSe));
        }
        String callId = invite.callId();
        String fromTag = invite.fromTag();
        if (callId == null || fromTag == null || invite.cseq() == null) {
            return null; // not a dialog we can name; sanity lets few of these through
        }
        String key = Dialog.key(callId, fromTag);
        if (byKey.containsKey(key)) {
            return null;
        }
        if (size.incrementAndGet() > config.maxDialogs()) {
            size.decrementAndGet();
            metrics.refused("full");
            return unavailable();
        }
        Flow caller = invite.flow();
        Dialog d = new Dialog(Long.toString(ids.incrementAndGet(), 36), key, callId, fromTag,
                invite.header(HeaderName.FROM), invite.header(HeaderName.TO), caller,
                invite.header(HeaderName.CONTACT), invite.cseq().number(), clock.instant());
        if (byKey.putIfAbsent(key, d) != null) {
            size.decrementAndGet();
            return null;
        }
        if (calls != null && !targets.isEmpty()) {
            String tenant = tenantOf.apply(targets.get(0));
            if (tenant != null) {
                CallLimiter.Admission a = calls.tryStartCall(tenant);
                if (!a.admitted()) {
                    byKey.remove(key, d);
                    size.decrementAndGet();
                    metrics.refused("tenant-limit");
                    ProtectionDecision why = a.decision();
                    return new PolicyDecision.Answer(why.status(), why.reason(), why.headers());
                }
                d.permit = a.permit();
            }
        }
        byId.put(d.id, d);
        index(caller, d);
        synchronized (d) {
            d.maxDurationTimer = schedule(config.maxDuration(), () -> maxDurationReached(d));
        }
        if (gone(caller)) {
            remove(d, null); // closed while we were deciding: not a call
            return unavailable();
        }
        return null;
    }

    private PolicyDecision.Answer unavailable() {
        return new PolicyDecision.Answer(503, "Service Unavailable",
                List.of("Retry-After: " + config.retryAfterSeconds()));
    }

    /**
     * A request inside a dialog passes only when it belongs to a call we carry (else 481, as a UA would
     * answer), comes over the browser's own connection when its side is a browser, and goes to the other
     * side of that call (its connection, address, route set or Contact; else 403). Without this an in-dialog
     * looking request with our Route would be relayed anywhere, unauthenticated.
     */
    @Override
    public PolicyDecision.Answer admitInDialog(SipMessage request, Target target) {
        Match m = find(request.callId(), request.fromTag(), request.toTag());
        if (m == null) {
            return refuseInDialog(request, "unknown-dialog", NO_SUCH_DIALOG);
        }
        Dialog d = m.dialog;
        Flow sender;
        Flow otherFlow;
        List<String> otherRoute;
        String otherContact;
        synchronized (d) {
            sender = m.fromCaller ? d.callerFlow : d.calleeFlow;
            otherFlow = m.fromCaller ? d.calleeFlow : d.callerFlow;
            otherRoute = m.fromCaller ? d.routeToCallee : d.routeToCaller;
            otherContact = m.fromCaller ? d.calleeContact : d.callerContact;
        }
        if (sender != null && sender.transport().webSocket() && !sender.equals(request.flow())) {
            return refuseInDialog(request, "other-connection", FORBIDDEN);
        }
        if (!InDialogRequests.reaches(target, otherFlow, otherRoute, otherContact)) {
            return refuseInDialog(request, "other-next-hop", FORBIDDEN);
        }
        return null;
    }

    private PolicyDecision.Answer refuseInDialog(SipMessage request, String why, PolicyDecision.Answer answer) {
        metrics.inDialogRefused(why);
        rejectLog.log(request, "in-dialog request refused: " + why);
        return answer;
    }

    @Override
    public void onForwarded(ProxiedRequest r) {
        if (r.toTag() == null) {
            if ("INVITE".equals(r.method())) {
                inviteForwarded(r);
            }
            return;
        }
        Match m = find(r);
        if (m != null) {
            synchronized (m.dialog) {
                if ("BYE".equals(r.method())) {
                    m.dialog.byeInFlight = true;
                }
                if (m.fromCaller) {
                    m.dialog.callerCseq = Math.max(m.dialog.callerCseq, r.cseq());
                } else {
                    m.dialog.calleeCseq = Math.max(m.dialog.calleeCseq, r.cseq());
                }
            }
        }
    }

    private void inviteForwarded(ProxiedRequest r) {
        Dialog d = byKey.get(Dialog.key(r.callId(), r.fromTag()));
        if (d == null) {
            return;
        }
        if (r.recordRoute().isEmpty()) {
            remove(d, null); // not record-routed: its in-dialog requests bypass us, nothing to track
            return;
        }
        Flow old;
        boolean cancelNow;
        synchronized (d) {
            if (d.state != Dialog.State.EARLY) {
                return;
            }
            if (d.pendingReason == null && gone(d.callerFlow)) {
                d.pendingReason = reasonFor(d.callerFlow);
            }
            cancelNow = d.pendingReason != null; // ended before the INVITE went out
            old = d.calleeFlow;
            d.calleeFlow = r.outFlow();
            d.calleeAnswered = false;
            d.calleeTarget = r.target();
            d.ourRecordRoute = r.recordRoute();
            d.cancel = r.cancel();
            if (!d.counted) {
                d.counted = true;
                d.tenant = tenantOf.apply(r.target());
                metrics.activeChanged(d.tenant, 1);
            }
        }
        if (old != null && old != r.outFlow()) {
            unindex(old, d);
        }
        index(r.outFlow(), d);
        if (cancelNow) {
            // queued, not run here: the forwarding is still sending this INVITE
            r.inFlow().channel().eventLoop().execute(r.cancel());
        }
    }

    @Override
    public void onAnswered(ProxiedRequest r, int status, SipMessage response) {
        if (r.toTag() == null) {
            if ("INVITE".equals(r.method())) {
                inviteAnswered(r, status, response);
            }
            return;
        }
        Match m = find(r);
        if (m == null || status < 200) {
            return;
        }
        Dialog d = m.dialog;
        if ("BYE".equals(r.method())) {
            // §15.1.2: whatever the answer, the session is over; a challenge means the BYE comes again
            if (status != 401 && status != 407) {
                remove(d, EndReason.NORMAL);
            } else {
                synchronized (d) {
                    d.byeInFlight = false; // challenged: the call goes on until the BYE comes again
                }
            }
        } else if (status < 300 && response != null && ("INVITE".equals(r.method()) || "UPDATE".equals(r.method()))) {
            refreshed(d, response);
        }
    }

    @Override
    public void onProvisional(ProxiedRequest invite) {
        Dialog d = invite.toTag() == null ? byKey.get(Dialog.key(invite.callId(), invite.fromTag())) : null;
        if (d != null) {
            synchronized (d) {
                if (d.state == Dialog.State.EARLY && invite.outFlow() == d.calleeFlow) {
                    d.calleeAnswered = true;
                }
            }
        }
    }

    private void inviteAnswered(ProxiedRequest r, int status, SipMessage response) {
        Dialog d = byKey.get(Dialog.key(r.callId(), r.fromTag()));
        if (d == null) {
            return;
        }
        if (status < 200) {
            synchronized (d) {
                if (d.state == Dialog.State.EARLY && response != null && response.toTag() != null) {
                    d.calleeTag = response.toTag();
                }
            }
        } else if (status < 300) {
            if (response != null) {
                confirmed(d, response);
            }
        } else {
            EndReason reason;
            synchronized (d) {
                if (d.state != Dialog.State.EARLY) {
                    return;
                }
                reason = d.pendingReason != null ? d.pendingReason : EndReason.NORMAL;
            }
            remove(d, reason);
        }
    }

    /**
     * A trunk answered over TLS: its first Record-Route entry beyond us, or else its Contact, is where this
     * dialog's requests go, over TLS if it says so.
     */
    private void tellTlsContact(Flow callee, String contact) {
        NameAddr na = contact == null || callee == null || callee.transport() != Transport.TLS
                ? null : NameAddr.parse(contact);
        SipUri uri = na == null ? null : na.uri();
        if (uri != null && uri.isSip() && uri.transport() == Transport.TLS) {
            tlsContacts.contactOverTls(callee.remote(), uri.host(), uri.portOrDefault());
        }
    }

    /** The 2xx to the INVITE (RFC 3261 §12.1): the dialog's remote target, route sets and session timer. */
    private void confirmed(Dialog d, SipMessage ok) {
        EndReason pending;
        synchronized (d) {
            if (d.state != Dialog.State.EARLY) {
                return; // a retransmission, or a forked 2xx of a call we keep as one
            }
            d.state = Dialog.State.CONFIRMED;
            d.answered = clock.instant();
            d.calleeTag = ok.toTag();
            d.calleeTo = ok.header(HeaderName.TO);
            List<String> contacts = ok.headerValues(HeaderName.CONTACT);
            d.calleeContact = contacts.isEmpty() ? null : contacts.get(0);
            InDialogRequests.RouteSets rs = InDialogRequests.routeSets(ok.headerValues(HeaderName.RECORD_ROUTE),
                    d.ourRecordRoute);
            d.routeToCallee = rs.toCallee();
            tellTlsContact(d.calleeFlow, rs.toCallee().isEmpty() ? d.calleeContact : rs.toCallee().get(0));
            d.routeToCaller = rs.toCaller();
            applySessionExpires(d, ok);
            if (config.probesTrunks()) {
                d.probeTimer = schedule(config.trunkProbeInterval(), () -> probe(d));
            }
            pending = d.pendingReason;
        }
        if (pending != null) {
            end(d, pending, null, null); // we cancelled it, but the 2xx crossed our CANCEL
        } else if (gone(d.callerFlow)) {
            end(d, reasonFor(d.callerFlow), d.callerFlow, null);
        } else if (gone(d.calleeFlow)) {
            end(d, reasonFor(d.calleeFlow), d.calleeFlow, null);
        }
    }

    /** A 2xx to a refresh: the new interval, or none if the 2xx has no Session-Expires (RFC 4028 §7.2). */
    private void refreshed(Dialog d, SipMessage ok) {
        synchronized (d) {
            if (d.state == Dialog.State.CONFIRMED) {
                applySessionExpires(d, ok);
            }
        }
    }

    /** Call with the dialog's lock held. */
    private void applySessionExpires(Dialog d, SipMessage ok) {
        SessionExpires se = SessionExpires.parse(ok.header(HeaderName.SESSION_EXPIRES));
        d.sessionGeneration++;
        Dialog.cancel(d.sessionTimer);
        d.sessionTimer = null;
        if (se == null || se.seconds() == 0) {
            d.sessionInterval = 0;
            d.refresher = null;
            return;
        }
        d.sessionInterval = (int) Math.min(Integer.MAX_VALUE, se.seconds());
        d.refresher = se.refresher();
        int generation = d.sessionGeneration;
        d.sessionTimer = schedule(Duration.ofSeconds(se.seconds()).plus(config.sessionTimerGrace()),
                () -> sessionExpired(d, generation));
    }

    private void sessionExpired(Dialog d, int generation) {
        synchronized (d) {
            if (d.sessionGeneration != generation || d.state != Dialog.State.CONFIRMED) {
                return;
            }
        }
        end(d, EndReason.SESSION_TIMER, null, null);
    }

    private void maxDurationReached(Dialog d) {
        Runnable cancel = null;
        synchronized (d) {
            if (d.state == Dialog.State.EARLY) {
                d.pendingReason = EndReason.MAX_DURATION;
                cancel = d.cancel;
            }
        }
        if (cancel != null) {
            cancel.run();
            remove(d, EndReason.MAX_DURATION); // not waiting for an answer that may never come
        } else {
            end(d, EndReason.MAX_DURATION, null, null);
        }
    }

    // ---- connections closing

    /**
     * A connection closed (WebSocket close, reset, missed pings, idle timeout: all end as a channel
     * closing). Register with {@code FlowRegistry.onClose(tracker::onFlowClosed)}. Each call on it is ended
     * toward its other side: BYE when answered, CANCEL while ringing.
     */
    public void onFlowClosed(Flow flow) {
        Set<Dialog> dialogs = byFlow.remove(flow);
        if (dialogs == null) {
            return;
        }
        EndReason reason = reasonFor(flow);
        for (Dialog d : dialogs) {
            if (endedBy(d, flow)) {
                end(d, reason, flow, null);
            }
        }
    }

    /**
     * Whether {@code closed} ends the call: it is the caller's connection, or the callee's once the callee has
     * answered on it. Not while the INVITE went out on it and nothing came back: the proxy fails that branch over
     * (a send that failed, its target timeout, Timer B), as for a trunk whose TLS handshake failed, and cancelling
     * here would answer the caller 487 while the next target could still take it. Nor once the call has moved to
     * another target's connection: the proxy can fail over (on the failed send) before this close is handled, and
     * such a late close cancelled the next target's INVITE (seen in TlsTrunkIT).
     */
    static boolean endedBy(Dialog d, Flow closed) {
        synchronized (d) {
            if (d.callerFlow == closed) {
                return true;
            }
            return d.calleeFlow == closed && (d.state != Dialog.State.EARLY || d.calleeAnswered);
        }
    }

    private static EndReason reasonFor(Flow closed) {
        return closed.transport().webSocket() ? EndReason.WS_CLOSED : EndReason.TRUNK_GONE;
    }

    private static boolean gone(Flow flow) {
        return flow != null && flow.transport().reliable() && !flow.isOpen();
    }

    // ---- ending calls

    /**
     * Ends a call: an early one is cancelled (removed when its final answer comes), a confirmed one gets a
     * BYE on each side still reachable, never on {@code goneFlow}, and is removed at once.
     *
     * @param reasonHeader overrides the reason's Reason header value; null for the reason's own
     */
    private void end(Dialog d, EndReason reason, Flow goneFlow, String reasonHeader) {
        EndReason ending = reason;
        Runnable cancel = null;
        List<Outgoing> out = new ArrayList<>(2);
        synchronized (d) {
            switch (d.state) {
                case ENDED -> {
                    return;
                }
                case EARLY -> {
                    if (d.pendingReason == null) {
                        d.pendingReason = reason;
                    }
                    cancel = d.cancel;
                }
                case CONFIRMED -> {
                    d.state = Dialog.State.ENDED;
                    if (d.byeInFlight) {
                        // a tab closed right after hanging up: its BYE is already on the way, so a
                        // second one would abort the far side's call instead of ending it
                        ending = EndReason.NORMAL;
                        break;
                    }
                    String header = reasonHeader != null ? reasonHeader : reason.reasonHeader();
                    if (reachable(d.calleeFlow, goneFlow)) {
                        d.callerCseq++;
                        out.add(towardCallee(d, "BYE", d.callerCseq, header));
                    }
                    if (reachable(d.callerFlow, goneFlow)) {
                        d.calleeCseq++;
                        out.add(towardCaller(d, "BYE", d.calleeCseq, header));
                    }
                }
            }
        }
        if (cancel != null) {
            cancel.run();
            return;
        }
        remove(d, ending);
        EndReason why = ending;
        for (Outgoing o : out) {
            send(o, status -> log.debug("BYE for call {} ({}) answered {}", d.id, why.tag(), status));
        }
    }

    private static boolean reachable(Flow side, Flow goneFlow) {
        return side != null && side != goneFlow && !gone(side);
    }

    /** A request to the callee in the caller's name (the caller's From, CSeq space and route toward the callee). */
    private static Outgoing towardCallee(Dialog d, String method, long cseq, String reason) {
        String uri = InDialogRequests.uriOf(d.calleeContact);
        if (uri == null) {
            uri = InDialogRequests.uriOf(d.calleeTo);
        }
        return new Outgoing(InDialogRequests.targetFor(d.calleeFlow, d.routeToCallee, uri),
                InDialogRequests.build(method, uri, d.routeToCallee, d.callerFrom, d.calleeTo, d.callId, cseq, reason));
    }

    /** A request to the caller in the callee's name. */
    private static Outgoing towardCaller(Dialog d, String method, long cseq, String reason) {
        String uri = InDialogRequests.uriOf(d.callerContact);
        if (uri == null) {
            uri = InDialogRequests.uriOf(d.callerFrom);
        }
        return new Outgoing(InDialogRequests.targetFor(d.callerFlow, d.routeToCaller, uri),
                InDialogRequests.build(method, uri, d.routeToCaller, d.calleeTo, d.callerFrom, d.callId, cseq, reason));
    }

    private record Outgoing(Target target, String request) {
    }

    private void send(Outgoing o, java.util.function.IntConsumer onFinal) {
        Originator sender = originator;
        if (o.target() == null || sender == null) {
            log.debug("no way to send {}", o.request().substring(0, o.request().indexOf('\r')));
            return;
        }
        sender.send(o.target(), o.request(), onFinal);
    }

    /** Removes a dialog once; counts it under {@code reason} (null: it never was a call). */
    private void remove(Dialog d, EndReason reason) {
        if (!byKey.remove(d.key, d)) {
            return;
        }
        byId.remove(d.id);
        size.decrementAndGet();
        Flow caller;
        Flow callee;
        boolean counted;
        String tenant;
        synchronized (d) {
            d.state = Dialog.State.ENDED;
            caller = d.callerFlow;
            callee = d.calleeFlow;
            counted = d.counted;
            tenant = d.tenant;
        }
        d.cancelTimers();
        if (d.permit != null) {
            d.permit.release();
        }
        unindex(caller, d);
        unindex(callee, d);
        if (counted) {
            metrics.activeChanged(tenant, -1);
            if (reason != null) {
                metrics.ended(reason);
            }
        }
        CompletableFuture<Integer> f = drained;
        if (f != null && size.get() == 0) {
            f.complete(0);
        }
    }

    // ---- trunk liveness

    /**
     * In-dialog OPTIONS to the side that is not a WebSocket (WebSockets have their own pings). It carries
     * the named side's current CSeq, not a new one: a UA rejects only lower numbers (RFC 3261 §12.2.2), so
     * the probe never makes the browser's next request look out of order.
     */
    private void probe(Dialog d) {
        Outgoing o;
        synchronized (d) {
            d.probeTimer = null;
            if (d.state != Dialog.State.CONFIRMED) {
                return;
            }
            if (d.calleeFlow != null && !d.calleeFlow.transport().webSocket()) {
                o = towardCallee(d, "OPTIONS", Math.max(1, d.callerCseq), null);
            } else if (d.callerFlow != null && !d.callerFlow.transport().webSocket()) {
                o = towardCaller(d, "OPTIONS", Math.max(1, d.calleeCseq), null);
            } else {
                return;
            }
        }
        send(o, status -> {
            if (status == 481 || status == 408) {
                end(d, EndReason.TRUNK_GONE, null, "SIP;cause=" + status + ";text=\"Trunk lost the call\"");
                return;
            }
            synchronized (d) {
                if (d.state == Dialog.State.CONFIRMED) {
                    d.probeTimer = schedule(config.trunkProbeInterval(), () -> probe(d));
                }
            }
        });
    }

    // ---- shutdown and admin

    /**
     * Stops admitting calls (new INVITEs get 503), then either ends every call cleanly ({@code endCalls}:
     * BYE on both sides, CANCEL for ringing ones) or lets them finish on their own.
     *
     * @return completes with 0 when the table is empty, or with the number of calls left when
     *         {@code drain} runs out
     */
    public CompletableFuture<Integer> shutdown(Duration drain, boolean endCalls) {
        draining = true;
        CompletableFuture<Integer> f = new CompletableFuture<>();
        drained = f;
        if (endCalls) {
            for (Dialog d : List.copyOf(byId.values())) {
                end(d, EndReason.SHUTDOWN, null, null);
            }
        }
        if (size.get() == 0) {
            f.complete(0);
        } else {
            schedule(drain, () -> f.complete(size.get()));
        }
        return f;
    }

    /** The calls in progress, oldest first (at most {@code maxDialogs}). */
    public List<DialogInfo> list() {
        List<DialogInfo> out = new ArrayList<>(size.get());
        for (Dialog d : byId.values()) {
            out.add(d.info());
        }
        out.sort(Comparator.comparing(DialogInfo::started).thenComparing(DialogInfo::id));
        return out;
    }

    /**
     * Ends one call from the admin API, like the gateway ends any other ({@code admin} in the metrics).
     *
     * @param reason free text for the Reason header (quotes, control characters and anything past 64
     *               characters are dropped); null or blank for the default
     * @return false when no such call is in progress
     */
    public boolean end(String dialogId, String reason) {
        Dialog d = dialogId == null ? null : byId.get(dialogId);
        if (d == null) {
            return false;
        }
        String text = reason == null ? "" : reason.replaceAll("[^\\x20-\\x7e]|[\"\\\\]", "").trim();
        if (text.length() > 64) {
            text = text.substring(0, 64);
        }
        end(d, EndReason.ADMIN, null, text.isEmpty() ? null : "SIP;cause=200;text=\"" + text + "\"");
        return true;
    }

    /** Calls in progress, ringing or answered. */
    public int size() {
        return size.get();
    }

    public boolean draining() {
        return draining;
    }

    // ---- helpers

    private record Match(Dialog dialog, boolean fromCaller) {
    }

    /** The dialog of an in-dialog request and which side sent it (its From tag is the caller's or the callee's). */
    private Match find(ProxiedRequest r) {
        return find(r.callId(), r.fromTag(), r.toTag());
    }

    private Match find(String callId, String fromTag, String toTag) {
        if (callId == null || fromTag == null || toTag == null) {
            return null;
        }
        Dialog d = byKey.get(Dialog.key(callId, fromTag));
        if (d != null && tagMatches(d, toTag)) {
            return new Match(d, true);
        }
        d = byKey.get(Dialog.key(callId, toTag));
        if (d != null && tagMatches(d, fromTag)) {
            return new Match(d, false);
        }
        return null;
    }

    private static boolean tagMatches(Dialog d, String calleeTag) {
        synchronized (d) {
            return d.calleeTag == null || d.calleeTag.equals(calleeTag);
        }
    }

    private void index(Flow flow, Dialog d) {
        if (flow != null && flow.transport().reliable()) {
            byFlow.computeIfAbsent(flow, f -> ConcurrentHashMap.newKeySet()).add(d);
        }
    }

    private void unindex(Flow flow, Dialog d) {
        if (flow != null) {
            byFlow.computeIfPresent(flow, (f, set) -> {
                set.remove(d);
                return set.isEmpty() ? null : set;
            });
        }
    }

    private Timeout schedule(Duration delay, Runnable task) {
        try {
            return timers.schedule(t -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    log.warn("dialog timer failed", e);
                }
            }, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            log.warn("no timer for a dialog (timer wheel full or stopped)");
            return null;
        }
    }
}
