package org.webtrunk.gateway.transport;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLException;
import org.webtrunk.gateway.config.SipListenerConfig;

/**
 * TCP and TLS connections the gateway opens to trunks (RFC 3261 §18.1.1): one per remote address and
 * transport, reused while open, with the same pipeline as an accepted connection so answers and the
 * trunk's own requests on it reach the SIP stage. They count in the {@link FlowRegistry} like any other.
 * TLS verifies the trunk's certificate against the JVM's trust store.
 */
final class OutboundConnections {
    /** Bound on connect time; the proxy's per-target timer fails over sooner anyway. */
    private static final int CONNECT_TIMEOUT_MILLIS = 3000;

    private final EventLoops loops;
    private final SipListenerConfig tcp;
    private final SipListenerConfig tls;
    private final FlowRegistry flows;
    private final TransportMetrics metrics;
    private final ListenerStages stages;
    private final Map<String, CompletableFuture<Flow>> open = new ConcurrentHashMap<>();
    private volatile SslContext clientTls;

    OutboundConnections(EventLoops loops, SipListenerConfig tcp, SipListenerConfig tls, FlowRegistry flows,
                        TransportMetrics metrics, ListenerStages stages) {
        this.loops = loops;
        this.tcp = tcp;
        this.tls = tls;
        this.flows = flows;
        this.metrics = metrics;
        this.stages = stages;
    }

    CompletionStage<Flow> flowTo(Transport transport, InetSocketAddress remote) {
        String key = transport + "|" + remote;
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

    private void connect(Transport transport, InetSocketAddress remote, String key, CompletableFuture<Flow> result) {
        SslContext ssl;
        try {
            ssl = transport == Transport.TLS ? clientTls() : null;
        } catch (SSLException e) {
            open.remove(key, result);
            result.completeExceptionally(e);
            return;
        }
        SipListenerConfig c = transport == Transport.TLS ? tls : tcp;
        Bootstrap b = new Bootstrap().group(loops.workers()).channel(loops.socketChannelType())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, CONNECT_TIMEOUT_MILLIS)
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new StreamChannelInitializer(c, ssl, flows, metrics, stages, remote));
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
            result.complete(flow);
        });
    }

    private SslContext clientTls() throws SSLException {
        SslContext ctx = clientTls;
        if (ctx == null) {
            ctx = SslContextBuilder.forClient().build();
            clientTls = ctx;
        }
        return ctx;
    }
}
