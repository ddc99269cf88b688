package org.webtrunk.gateway;

import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.buffer.ByteBufAllocator;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.webtrunk.gateway.dialog.DialogTracker;
import org.webtrunk.gateway.registrar.Binding;
import org.webtrunk.gateway.tenant.OptionsProbe;
import org.webtrunk.gateway.tenant.TargetProber;
import org.webtrunk.gateway.tenant.Tenant;
import org.webtrunk.gateway.tenant.Trunk;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.webtrunk.auth.DigestAuthConfig;
import org.webtrunk.auth.DigestAuthenticator;
import org.webtrunk.auth.EphemeralConfig;
import org.webtrunk.gateway.admin.AdminServer;
import org.webtrunk.gateway.config.AuthConfig;
import org.webtrunk.gateway.config.GatewayConfig;
import org.webtrunk.gateway.config.ProxySettings;
import org.webtrunk.gateway.policy.GatewayPolicy;
import org.webtrunk.gateway.protection.EdgeProtection;
import org.webtrunk.gateway.proxy.FlowTokens;
import org.webtrunk.gateway.proxy.ListenAddress;
import org.webtrunk.gateway.proxy.ProxyConfig;
import org.webtrunk.gateway.proxy.ProxyCore;
import org.webtrunk.gateway.proxy.Target;
import org.webtrunk.gateway.proxy.TargetListener;
import org.webtrunk.gateway.proxy.transaction.TransactionTimers;
import org.webtrunk.gateway.proxy.transaction.WheelTimerService;
import org.webtrunk.gateway.registrar.LocationStore;
import org.webtrunk.gateway.sip.RejectLog;
import org.webtrunk.gateway.sip.SipChannelHandlers;
import org.webtrunk.gateway.sip.SipResponseBuilder;
import org.webtrunk.gateway.tenant.TargetHealth;
import org.webtrunk.gateway.tenant.TargetResolver;
import org.webtrunk.gateway.tenant.TenantDirectory;
import org.webtrunk.gateway.tenant.TrunkSelector;
import org.webtrunk.gateway.tenant.TrunkTarget;
import org.webtrunk.gateway.token.TokenHttpHandler;
import org.webtrunk.gateway.transport.Flow;
import org.webtrunk.gateway.transport.FlowRegistry;
import org.webtrunk.gateway.transport.Listeners;
import org.webtrunk.gateway.transport.RevocationCheckingTrust;
import org.webtrunk.gateway.transport.Transport;
import org.webtrunk.gateway.transport.TransportMetrics;
import org.webtrunk.gateway.transport.TrunkTlsClients;
import org.webtrunk.gateway.web.DemoHttpHandler;

/**
 * Wires the gateway's parts from one validated config. No singletons: everything is built here and
 * passed down through constructors.
 */
public final class Gateway implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Gateway.class);

    private final GatewayConfig config;
    private final PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final TrunkTlsClients trunkTls;
    private final FlowRegistry flows;
    private final Listeners listeners;
    private final AdminServer admin;
    private final EdgeProtection protection;
    private final TenantDirectory tenants;
    private final TargetHealth health;
    private final LocationStore locations;
    private final DigestAuthenticator authenticator;
    private final ProxyStage proxyStage = new ProxyStage();
    private final WheelTimerService timers;
    private final ScheduledExecutorService housekeeping;
    private ProxyCore proxy;
    private DialogTracker dialogs;
    private TargetProber prober;

    public Gateway(GatewayConfig config) {
        this.config = config;
        TransportMetrics transportMetrics = new TransportMetrics(metrics);
        this.flows = new FlowRegistry(config.listeners().maxConnections(), transportMetrics);
        this.protection = new EdgeProtection(config.protection(), metrics);
        this.tenants = TenantDirectory.build(config.tenants(), TargetResolver.system());
        this.health = new TargetHealth(tenants.trunks(), metrics);
        this.locations = new LocationStore(config.registrar(), Ticker.systemTicker());
        this.authenticator = new DigestAuthenticator(digestConfig(config.auth()), Clock.systemUTC());
        this.timers = new WheelTimerService(8L * config.proxy().maxTransactions());
        this.housekeeping = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "housekeeping");
            t.setDaemon(true);
            return t;
        });
        TokenHttpHandler tokenService = config.tokenService().enabled()
                ? new TokenHttpHandler(config.tokenService(), ephemeralConfig(config.auth()), metrics, Clock.systemUTC())
                : null;
        SipChannelHandlers sip = new SipChannelHandlers(config.sip(), metrics);
        this.trunkTls = trunkTls(tenants);
        watchRevocationLists(trunkTls);
        this.listeners = new Listeners(config.listeners(), trunkTls, flows, transportMetrics,
                new GatewayStages(sip, protection, proxyStage, tokenService, new DemoHttpHandler(config.demo(),
                        config.tokenService(), config.listeners().ws().path(), config.listeners().wss().path(),
                        Clock.systemUTC())),
                Runtime.getRuntime().availableProcessors());
        this.admin = config.admin().enabled() ? new AdminServer(config.admin(), metrics) : null;
    }

    /** Each TLS target with its trunk's settings; the contexts are built here, so a bad key stops the start. */
    private static TrunkTlsClients trunkTls(TenantDirectory tenants) {
        List<TrunkTlsClients.Target> targets = new ArrayList<>();
        for (Trunk trunk : tenants.trunks()) {
            for (TrunkTarget t : trunk.targets()) {
                if (t.transport() == Transport.TLS) {
                    targets.add(new TrunkTlsClients.Target(trunk.name(), t.address(), t.host(), trunk.tls()));
                }
            }
        }
        return TrunkTlsClients.build(targets);
    }

    /**
     * When each trunk's revocation lists expire, as a gauge to alert on and in the log; and their file read again
     * when it changes, so fetching new lists needs no restart.
     */
    private void watchRevocationLists(TrunkTlsClients trunkTls) {
        for (TrunkTlsClients.RevocationLists lists : trunkTls.revocationLists()) {
            String trunks = String.join("', '", lists.trunkNames());
            RevocationCheckingTrust trust = lists.trust();
            log.info("trunk '{}': its TLS revocation lists are current until {}; fetch new ones before then"
                    + " (tls.crl-file is looked at every {})", trunks, trust.firstNextUpdate(), lists.checkInterval());
            List<Counter> rereads = new ArrayList<>();
            List<Counter> failures = new ArrayList<>();
            for (String trunk : lists.trunkNames()) {
                Gauge.builder("webtrunk.trunk.tls.crl.next.update", trust, t -> t.firstNextUpdate() == null
                                ? Double.NaN : t.firstNextUpdate().getEpochSecond()).tag("trunk", trunk)
                        .description("when the first of the trunk's revocation lists expires (Unix seconds)")
                        .baseUnit("seconds").register(metrics);
                rereads.add(crlRereads(trunk, "ok"));
                failures.add(crlRereads(trunk, "failed"));
            }
            long every = lists.checkInterval().toMillis();
            housekeeping.scheduleWithFixedDelay(() -> {
                RevocationCheckingTrust.Recheck r = trust.recheck(e -> log.warn("trunk '{}': cannot read tls.crl-file"
                        + " '{}' again ({}); handshakes keep the lists read before, current until {}", trunks,
                        trust.file(), e.toString(), trust.firstNextUpdate()));
                if (r == RevocationCheckingTrust.Recheck.REREAD) {
                    rereads.forEach(Counter::increment);
                    Instant until = trust.firstNextUpdate();
                    if (until != null && until.isBefore(Instant.now())) {
                        // used all the same: an out-of-date list may still name newly revoked certificates
                        log.warn("trunk '{}': read tls.crl-file '{}' again, but its lists expired at {}; new"
                                + " handshakes with the trunk fail from 15 minutes after that (the JDK's allowance for"
                                + " clock skew) until a current list is in place", trunks, trust.file(), until);
                    } else {
                        log.info("trunk '{}': read tls.crl-file '{}' again; new handshakes use its lists, current"
                                + " until {}", trunks, trust.file(), until);
                    }
                } else if (r == RevocationCheckingTrust.Recheck.FAILED) {
                    failures.forEach(Counter::increment);
                }
            }, every, every, TimeUnit.MILLISECONDS);
        }
    }

    private Counter crlRereads(String trunk, String result) {
        return Counter.builder("webtrunk.trunk.tls.crl.rereads").tag("trunk", trunk).tag("result", result)
                .description("times the trunk's tls.crl-file was read again after it changed").register(metrics);
    }

    private static DigestAuthConfig digestConfig(AuthConfig auth) {
        return DigestAuthConfig.defaults(auth.realm(), auth.secrets(), DigestAuthConfig.randomNonceSecret(new SecureRandom()))
                .withHmac(auth.hmac())
                .withUsernameFormat(auth.usernameFormat())
                .withNonceLifetime(auth.nonceLifetime());
    }

    private static EphemeralConfig ephemeralConfig(AuthConfig auth) {
        return new EphemeralConfig(auth.secrets(), auth.hmac(), auth.usernameFormat());
    }

    /** Binds every listener, then starts the proxy on the bound addresses; on failure closes what was bound. */
    public void start() {
        warnAboutDefaults();
        listeners.start();
        try {
            dialogs = new DialogTracker(config.dialogs(), timers, metrics, tenantOfTarget(), Clock.systemUTC(),
                    protection.calls(), new RejectLog(config.sip().logRejectsPerMinute()), trunkTls::learnContact);
            proxy = new ProxyCore(proxyConfig(), timers, listeners::flowTo, flowTokens(), request -> List.of(),
                    targetListener(), new SipResponseBuilder(config.sip().serverName()), ByteBufAllocator.DEFAULT,
                    new GatewayPolicy(tenants, new TrunkSelector(health), locations, authenticator,
                            config.auth(), protection, Clock.systemUTC()),
                    dialogs);
            proxy.metrics().bindTo(metrics, proxy.transactions());
            flows.onClose(dialogs::onFlowClosed);
            prober = new TargetProber(health, new OptionsProbe(proxy.originator(), config.proxy().advertisedHost() != null
                    ? config.proxy().advertisedHost() : config.listeners().udp().host()), housekeeping);
            prober.start();
            proxyStage.start(proxy);
            locations.scheduleSweeps(housekeeping, Duration.ofSeconds(30));
            if (admin != null) {
                AdminRoutesInstaller.install(admin, protection, locations, flows, dialogs);
                admin.start();
            }
        } catch (RuntimeException e) {
            listeners.close();
            throw e;
        }
        log.info("WebTrunk started: {}", describeListeners());
    }

    private void warnAboutDefaults() {
        if (config.auth().usingDevSecret()) {
            log.warn("*** USING THE BUILT-IN DEVELOPMENT GATEWAY SECRET: anyone can mint credentials for this gateway. "
                    + "Set {} or auth.secrets before exposing it. ***", AuthConfig.SECRET_ENV);
        }
        if (config.tenants().usingDemoDefaults()) {
            log.warn("no tenants configured: using the demo tenant, which routes every number to {}",
                    tenants.trunks().isEmpty() ? "nothing" : tenants.trunks().get(0).targets());
        }
    }

    private ProxyConfig proxyConfig() {
        ProxySettings s = config.proxy();
        List<ListenAddress> addresses = new ArrayList<>();
        for (Transport t : Transport.values()) {
            var bound = listeners.address(t);
            if (bound != null) {
                String host = s.advertisedHost() != null ? s.advertisedHost() : bound.getAddress().getHostAddress();
                addresses.add(new ListenAddress(t, host, bound.getPort()));
            }
        }
        return new ProxyConfig(addresses, new TransactionTimers(s.t1(), s.t2(), s.t4()), s.targetTimeout(),
                s.inviteTimeout(), s.maxTransactions(), 5, config.sip().maxForwards());
    }

    /** The tenant a call is counted under: the trunk's tenant, or the called browser's. Bounded by config. */
    private Function<Target, String> tenantOfTarget() {
        Map<String, String> byTrunk = new HashMap<>();
        for (Tenant t : tenants.tenants()) {
            for (Trunk trunk : t.trunks()) {
                byTrunk.putIfAbsent(trunk.name(), t.id());
            }
        }
        return target -> {
            if (target.origin() instanceof TrunkTarget t) {
                return byTrunk.get(t.trunkName());
            }
            return target.origin() instanceof Binding b ? b.tenantId() : null;
        };
    }

    private FlowTokens flowTokens() {
        return new FlowTokens() {
            @Override
            public Optional<String> tokenOf(Flow flow) {
                return flows.tokenOf(flow);
            }

            @Override
            public Optional<Flow> byToken(String token) {
                return flows.byToken(token);
            }
        };
    }

    private TargetListener targetListener() {
        return new TargetListener() {
            @Override
            public void onSuccess(Target target) {
                if (target.origin() instanceof TrunkTarget t) {
                    health.recordSuccess(t);
                }
            }

            @Override
            public void onFailure(Target target, Failure failure) {
                if (target.origin() instanceof TrunkTarget t && health.recordFailure(t)) {
                    log.warn("trunk target {} marked down after repeated {}", t.label(), failure);
                }
            }
        };
    }

    private String describeListeners() {
        StringBuilder b = new StringBuilder();
        for (Transport t : Transport.values()) {
            int port = listeners.port(t);
            if (port > 0) {
                b.append(t).append(' ').append(listeners.address(t)).append("  ");
            }
        }
        if (admin != null) {
            b.append("admin ").append(config.admin().host()).append(':').append(admin.port());
        }
        return b.toString();
    }

    /** The bound port of a listener (useful when the config asked for port 0), or -1. */
    public int port(Transport transport) {
        return listeners.port(transport);
    }

    public int adminPort() {
        return admin == null ? -1 : admin.port();
    }

    public PrometheusMeterRegistry metrics() {
        return metrics;
    }

    /**
     * Stops taking calls and ends the ones in progress cleanly, with BYEs on both sides (or CANCEL while
     * ringing), waiting up to {@code drain} for them to finish first when {@code endCalls} is false.
     * Returns the number of calls left (0: nothing hangs on a trunk).
     */
    public int drain(Duration drain, boolean endCalls) {
        if (dialogs == null) {
            return 0;
        }
        try {
            return dialogs.shutdown(drain, endCalls).get(drain.toMillis() + 5_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return dialogs.size();
        } catch (ExecutionException | TimeoutException e) {
            log.warn("draining calls did not finish: {}", e.toString());
            return dialogs.size();
        }
    }

    /**
     * Gives the BYEs just sent a moment to be answered (and retransmitted on UDP) before the sockets close.
     * Transactions already answered are not waited for: they are only kept to absorb retransmissions.
     */
    private void awaitOwnRequestsAnswered(Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (proxy.ownRequestsAwaitingAnswer() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    public DialogTracker dialogs() {
        return dialogs;
    }

    @Override
    public void close() {
        int left = drain(config.dialogs().shutdownDrain(), false);
        if (left > 0) {
            // dialogs.shutdown-drain is over: the rest get BYEs (CANCEL while ringing), none left on a trunk
            log.warn("ending {} calls still up at shutdown", left);
            left = drain(Duration.ofSeconds(2), true);
            if (left > 0) {
                log.warn("{} calls were still up at shutdown", left);
            }
        }
        if (proxy != null) {
            awaitOwnRequestsAnswered(Duration.ofSeconds(2));
            proxy.close();
        }
        listeners.close();
        if (admin != null) {
            admin.close();
        }
        if (prober != null) {
            prober.close();
        }
        timers.close();
        housekeeping.shutdownNow();
    }
}
