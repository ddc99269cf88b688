package org.webtrunk.gateway.proxy;



import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.webtrunk.gateway.proxy.transaction.ManualTimerService;

import org.webtrunk.gateway.proxy.transaction.TransactionTimers;

import org.webtrunk.gateway.sip.SipResponseBuilder;
import org.webtrunk.gateway.transport.Flow;
import org.webtrunk.gateway.testsupport.PeerFlows;
import org.webtrunk.gateway.testsupport.PeerFlows.Peer;
import org.webtrunk.gateway.testsupport.SipText;
import org.webtrunk.gateway.transport.Transport;

/** A {@link ProxyCore} wired to EmbeddedChannel flows, a manual clock and recording collaborators. */
final class ProxyHarness {
    static final ListenAddress UDP = new ListenAddress(Transport.UDP, "192.0.2.10", 5060);
    static final ListenAddress WS = new ListenAddress(Transport.WS, "192.0.2.10", 8080);

    final ManualTimerService timer = new ManualTimerService();
    final PeerFlows peers = new PeerFlows();
    final Map<InetSocketAddress, Flow> outboundFlows = peers.outbound;
    final Map<InetSocketAddress, Throwable> unreachable = new HashMap<>();
    final Map<String, Flow> tokens = new HashMap<>();
    /** Addresses whose connection never completes. */
    final java.util.Set<InetSocketAddress> pending = new java.util.HashSet<>();
    final List<String> targetEvents = new ArrayList<>();
    List<Target> plan = List.of();
    /** The gateway's decision on new requests; counts how often it was asked. */
    RequestPolicy policy = RequestPolicy.PROCEED;
    int policyCalls;
    final ProxyCore core;

    ProxyHarness() {
        this(100);
    }

    ProxyHarness(int maxTransactions) {
        ProxyConfig config = new ProxyConfig(List.of(UDP, WS), TransactionTimers.defaults(), Duration.ofSeconds(4),
                Duration.ofMinutes(3), maxTransactions, 5, 70);
        OutboundFlows outbound = (transport, remote) -> {
            if (pending.contains(remote)) {
                return new CompletableFuture<>();
            }
            Throwable t = unreachable.get(remote);
            if (t != null) {
                return CompletableFuture.failedFuture(t);
            }
            Flow f = outboundFlows.get(remote);
            return f != null ? CompletableFuture.completedFuture(f)
                    : CompletableFuture.failedFuture(new java.net.ConnectException("no flow to " + remote));
        };
        FlowTokens flowTokens = new FlowTokens() {
            @Override
            public Optional<String> tokenOf(Flow flow) {
                return tokens.entrySet().stream().filter(e -> e.getValue() == flow).map(Map.Entry::getKey).findFirst();
            }

            @Override
            public Optional<Flow> byToken(String token) {
                return Optional.ofNullable(tokens.get(token));
            }
        };
        TargetListener listener = new TargetListener() {
            @Override
            public void onSuccess(Target target) {
                targetEvents.add("up " + target);
            }

            @Override
            public void onFailure(Target target, Failure failure) {
                targetEvents.add(failure + " " + target);
            }
        };
        core = new ProxyCore(config, timer, outbound, flowTokens, request -> plan, listener,
                new SipResponseBuilder("WebTrunk"), UnpooledByteBufAllocator.DEFAULT, request -> {
                    policyCalls++;
                    return policy.decide(request);
                });
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

    void close() {
        core.close(); // as the gateway does on shutdown: open transactions release their buffers
        peers.close();
    }



    static String invite(String branch) {
        return SipText.msg("INVITE sip:+15551234@gw.example SIP/2.0",
                "Via: SIP/2.0/UDP 10.0.0.1:5060;branch=" + branch,
                "Max-Forwards: 70",
                "From: <sip:alice@gw.example>;tag=a1",
                "To: <sip:+15551234@gw.example>",
                "Call-ID: call-1",
                "CSeq: 1 INVITE",
                "Contact: <sip:alice@10.0.0.1:5060>",
                "Content-Length: 0");
    }
}
