package org.webtrunk.gateway.dialog;



import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.webtrunk.gateway.config.DialogConfig;
import org.webtrunk.gateway.proxy.FlowTokens;
import org.webtrunk.gateway.proxy.ListenAddress;
import org.webtrunk.gateway.proxy.ProxyConfig;
import org.webtrunk.gateway.proxy.ProxyCore;
import org.webtrunk.gateway.proxy.RequestPolicy;
import org.webtrunk.gateway.proxy.Target;
import org.webtrunk.gateway.proxy.TargetListener;
import org.webtrunk.gateway.proxy.transaction.ManualTimerService;

import org.webtrunk.gateway.proxy.transaction.TransactionTimers;

import org.webtrunk.gateway.sip.SipResponseBuilder;
import org.webtrunk.gateway.transport.Flow;
import org.webtrunk.gateway.testsupport.PeerFlows;
import org.webtrunk.gateway.testsupport.PeerFlows.Peer;
import org.webtrunk.gateway.testsupport.SipText;
import org.webtrunk.gateway.transport.Transport;

/** A {@link ProxyCore} with a {@link DialogTracker}, over EmbeddedChannel flows and a manual clock. */
final class DialogHarness {
    static final ListenAddress UDP = new ListenAddress(Transport.UDP, "192.0.2.10", 5060);
    static final ListenAddress WS = new ListenAddress(Transport.WS, "192.0.2.10", 8080);

    final ManualTimerService timer = new ManualTimerService();
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final PeerFlows peers = new PeerFlows();
    final Map<InetSocketAddress, Flow> outboundFlows = peers.outbound;
    final Map<String, Flow> tokens = new HashMap<>();
    List<Target> plan = List.of();
    final DialogTracker tracker;
    final ProxyCore core;

    DialogHarness(DialogConfig config) {
        this(config, null);
    }

    DialogHarness(DialogConfig config, org.webtrunk.gateway.protection.CallLimiter calls) {
        ProxyConfig proxyConfig = new ProxyConfig(List.of(UDP, WS), TransactionTimers.defaults(),
                Duration.ofSeconds(4), Duration.ofMinutes(3), 100, 5, 70);
        FlowTokens flowTokens = new FlowTokens() {
            @Override
            public Optional<String> tokenOf(Flow flow) {
                return tokens.entrySet().stream().filter(e -> e.getValue() == flow).map(Map.Entry::getKey).findFirst();
            }

            @Override
            public Optional<Flow> byToken(String token) {
                return Optional.ofNullable(tokens.get(token)).filter(Flow::isOpen);
            }
        };
        TargetListener listener = new TargetListener() {
            @Override
            public void onSuccess(Target target) {
            }

            @Override
            public void onFailure(Target target, Failure failure) {
            }
        };
        tracker = new DialogTracker(config, timer, meters, t -> "acme", Clock.systemUTC(), calls);
        core = new ProxyCore(proxyConfig, timer, (transport, remote) -> {
            Flow f = outboundFlows.get(remote);
            return f != null && f.transport() == transport ? CompletableFuture.completedFuture(f)
                    : CompletableFuture.failedFuture(new java.net.ConnectException("no flow to " + remote));
        }, flowTokens, request -> plan, listener, new SipResponseBuilder("WebTrunk"),
                UnpooledByteBufAllocator.DEFAULT, RequestPolicy.PROCEED, tracker);
    }

    Peer peer(Transport transport, String ip, int port) {
        return peers.peer(transport, ip, port);
    }

    Target target(Peer peer) {
        return PeerFlows.target(peer);
    }

    void request(Peer from, String text) {
        PeerFlows.request(core, from, text);
    }

    void response(Peer from, String text) {
        PeerFlows.response(core, from, text);
    }

    /** Closes a peer's connection as the transport would, then tells the tracker like FlowRegistry.onClose. */
    void vanish(Peer peer) {
        peer.sent();
        peer.channel().close();
        tracker.onFlowClosed(peer.flow());
    }

    double ended(String reason) {
        return meters.get("webtrunk.calls.ended").tag("reason", reason).counter().count();
    }

    double inDialogRefused(String reason) {
        var c = meters.find("webtrunk.dialog.requests.refused").tag("reason", reason).counter();
        return c == null ? 0 : c.count();
    }

    double active(String tenant) {
        return meters.get("webtrunk.calls.active").tag("tenant", tenant).gauge().value();
    }

    void close() {
        core.close(); // as the gateway does on shutdown: open transactions release their buffers
        peers.close();
    }
}
