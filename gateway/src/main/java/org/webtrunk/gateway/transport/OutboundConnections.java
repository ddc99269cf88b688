package org.webtrunk.gateway.transport;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.handler.ssl.SslHandler;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.webtrunk.gateway.config.SipListenerConfig;

/**
 * TCP and TLS connections the gateway opens to trunks (RFC 3261 §18.1.1): one per remote address and
 * transport, reused while open, with the same pipeline as an accepted connection so answers and the
 * trunk's own requests on it reach the SIP stage. They count in the {@link FlowRegistry} like any other.
 * TLS verifies the trunk's certificate, chain and name, as its trunk's settings say ({@link TrunkTlsClients}).
 */
final class OutboundConnections {
    /** Bound on connect time; the proxy's per-target timer fails over sooner anyway. */
    private static final int CONNECT_TIMEOUT_MILLIS = 3000;
    private static final Logger log = LoggerFactory.getLogger(OutboundConnections.class);

    private final EventLoops loops;
    private final SipListenerConfig tcp;
    private final SipListenerConfig tls;
    private final FlowRegistry flows;
    private final TransportMetrics metrics;
    private final ListenerStages stages;
    private final Map<Key, CompletableFuture<Flow>> open = new ConcurrentHashMap<>();
    private final TrunkTlsClients tlsClients;

    /**
     * By IP and port ({@link InetSocketAddress#equals}): a target configured by host name and a Contact naming
     * its address share one connection.
     */
    private record Key(Transport transport, InetSocketAddress remote) {
    }

    OutboundConnections(EventLoops loops, SipListenerConfig tcp, SipListenerConfig tls, TrunkTlsClients tlsClients,
                        FlowRegistry flows, TransportMetrics metrics, ListenerStages stages) {
        this.tlsClients = tlsClients;
        this.loops = loops;
        this.tcp = tcp;
        this.tls = tls;
        this.flows = flows;
        this.metrics = metrics;
        this.stages = stages;
    }

    CompletionStage<Flow> flowTo(Transport transport, InetSocketAddress remote) {
        Key key = new Key(transport, remote);
        CompletableFuture<Flow> existing = open.get(key);
        if (existing != null && (!existing.isDone() || existing.getNow(null) != null
                && existing.getNow(null).isOpen())) {
            return existing;
        }
        CompletableFuture<Flow> created = new CompletableFuture<>();
        CompletableFuture<Flow> raced = existing == null ? open.putIfAbsent(key, created)
                : (open.replace(key, existing, created) ? null : open.get(key));
        if (raced != null) {
            return raced;
        }
        connect(transport, remote, key, created);
        return created;
    }

    private void connect(Transport transport, InetSocketAddress remote, Key key, CompletableFuture<Flow> result) {
        TrunkTlsClients.Profile profile = transport == Transport.TLS ? tlsClients.forAddress(remote) : null;
        SipListenerConfig c = transport == Transport.TLS ? tls : tcp;
        Bootstrap b = new Bootstrap().group(loops.workers()).channel(loops.socketChannelType())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, CONNECT_TIMEOUT_MILLIS)
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new StreamChannelInitializer(c, profile == null ? null : profile.context(), flows, metrics,
                        stages, remote, profile == null ? null : profile.serverName()));
        ChannelFuture f = b.connect(remote);
        f.addListener(done -> {
            Channel ch = f.channel();
            Flow flow = done.isSuccess() ? FlowRegistry.flowOf(ch) : null;
            if (flow == null) {
                open.remove(key, result);
                result.completeExceptionally(done.cause() != null ? done.cause()
                        : new IllegalStateException("connection table full"));
                ch.close();
                return;
            }
            ch.closeFuture().addListener(closed -> open.remove(key, result));
            if (profile != null) {
                logHandshakeFailure(ch, remote, profile.serverName());
            }
            result.complete(flow);
        });
    }

    /** An operator must see why a trunk gets no calls (untrusted or misnamed certificate); few, as targets go down. */
    private static void logHandshakeFailure(Channel ch, InetSocketAddress remote, String serverName) {
        SslHandler tls = ch.pipeline().get(SslHandler.class);
        if (tls != null) {
            tls.handshakeFuture().addListener(hs -> {
                if (!hs.isSuccess()) {
                    log.warn("TLS to {} (checked as '{}') failed: {}", remote, serverName, rootCause(hs.cause()));
                }
            });
        }
    }

    /** The innermost message: OpenSSL's engine wraps "unable to find valid certification path" and the like. */
    private static String rootCause(Throwable t) {
        Throwable root = t;
        for (int depth = 0; root.getCause() != null && depth < 8; depth++) {
            root = root.getCause();
        }
        return root == t ? t.toString() : t.getClass().getSimpleName() + ": " + root;
    }
}
