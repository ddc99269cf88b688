package org.webtrunk.gateway.transport;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.webtrunk.gateway.config.ListenersConfig;
import org.webtrunk.gateway.config.SipListenerConfig;
import org.webtrunk.gateway.config.TlsConfig;
import org.webtrunk.gateway.config.WebSocketListenerConfig;

/**
 * The front door: binds every enabled listener from {@link ListenersConfig} on shared event loops
 * (one accept thread, one I/O thread per core), reports the ports actually bound (port 0 picks a free
 * one) and shuts down in bounded time: listening sockets first, then connections (WebSockets get a
 * 1001 close), then the threads.
 *
 * <p>Every listener's pipeline ends in the caller's SIP stage: {@code sipStage} appends the handlers that
 * consume {@link SipFrame}s, once per channel.
 */
public final class Listeners implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Listeners.class);
    /** UDP datagrams can be up to 65,535 bytes (RFC 768); read each into one buffer of that size. */
    static final int MAX_DATAGRAM = 65_535;

    private final ListenersConfig config;
    private final FlowRegistry flows;
    private final TransportMetrics metrics;
    private final ListenerStages stages;
    private final int workerThreads;
    private final TrunkTlsClients trunkTls;
    private final Map<Transport, Channel> bound = new EnumMap<>(Transport.class);
    private EventLoops loops;
    private OutboundConnections outbound;
    /** When {@code listeners.udp.threads} > 1: the threads sharing the UDP socket; else null. */
    private UdpReaders udpReaders;
    /**
     * One flow per UDP socket and next hop, not one per request: every call's client transaction keeps its
     * flow for 32 s. Only reliable flows are tracked by identity (connections), so sharing changes nothing.
     */
    private final Cache<UdpPeer, Flow> udpFlows = Caffeine.newBuilder().maximumSize(4_096)
            .expireAfterAccess(Duration.ofMinutes(5)).executor(Runnable::run).build();

    private record UdpPeer(Channel channel, InetSocketAddress remote) {
    }

    public Listeners(ListenersConfig config, FlowRegistry flows, TransportMetrics metrics,
                     ListenerStages stages) {
        this(config, flows, metrics, stages, Runtime.getRuntime().availableProcessors());
    }


    public Listeners(ListenersConfig config, FlowRegistry flows, TransportMetrics metrics,
                     ListenerStages stages, int workerThreads) {
        this(config, TrunkTlsClients.jvmTrustOnly(), flows, metrics, stages, workerThreads);
    }

    /** @param trunkTls how TLS connections to trunks are checked (built at start, see {@link TrunkTlsClients}) */
    public Listeners(ListenersConfig config, TrunkTlsClients trunkTls, FlowRegistry flows, TransportMetrics metrics,
                     ListenerStages stages, int workerThreads) {
        this.config = Objects.requireNonNull(config, "config");
        this.trunkTls = Objects.requireNonNull(trunkTls, "trunkTls");
        this.flows = Objects.requireNonNull(flows, "flows");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.stages = Objects.requireNonNull(stages, "stages");
        if (workerThreads < 1) {
            throw new IllegalArgumentException("workerThreads must be positive");
        }
        this.workerThreads = workerThreads;
    }

    /**
     * Binds every enabled listener. On any failure (port in use, unreadable certificate) whatever was
     * bound is closed again and an {@link IllegalStateException} names the listener.
     */
    public synchronized void start() {
        if (loops != null) {
            throw new IllegalStateException("already started");
        }
        loops = new EventLoops(workerThreads);
        outbound = new OutboundConnections(loops, config.tcp(), config.tls(), trunkTls, flows, metrics, stages);
        Map<TlsConfig, SslContext> tls = new HashMap<>();
        try {
            if (config.ws().enabled()) {
                bindWebSocket(Transport.WS, config.ws(), null);
            }
            if (config.wss().enabled()) {
                bindWebSocket(Transport.WSS, config.wss(), ssl(tls, Transport.WSS, config.wss().tls()));
            }
            if (config.udp().enabled()) {
                bindUdp(config.udp());
            }
            if (config.tcp().enabled()) {
                bindStream(Transport.TCP, config.tcp(), null);
            }
            if (config.tls().enabled()) {
                bindStream(Transport.TLS, config.tls(), ssl(tls, Transport.TLS, config.tls().tls()));
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private static SslContext ssl(Map<TlsConfig, SslContext> cache, Transport t, TlsConfig tls) {
        try {
            SslContext ctx = cache.get(tls);
            if (ctx == null) {
                ctx = TlsContexts.forServer(tls);
                cache.put(tls, ctx);
            }
            return ctx;
        } catch (Exception e) {
            throw new IllegalStateException("cannot set up " + t + " certificate: " + e.getMessage(), e);
        }
    }

    private void bindWebSocket(Transport t, WebSocketListenerConfig c, SslContext ssl) {
        ServerBootstrap b = serverBootstrap()
                .childHandler(new WebSocketChannelInitializer(c, ssl, flows, metrics, stages));
        bind(t, b.bind(c.host(), c.port()), c.host(), c.port());
    }

    private void bindStream(Transport t, SipListenerConfig c, SslContext ssl) {
        ServerBootstrap b = serverBootstrap()
                .childHandler(new StreamChannelInitializer(c, ssl, flows, metrics, stages));
        bind(t, b.bind(c.host(), c.port()), c.host(), c.port());
    }

    private void bindUdp(SipListenerConfig c) {
        UdpChannelInitializer initializer = new UdpChannelInitializer(c, metrics, stages);
        int threads = Math.min(c.threads(), workerThreads);
        if (threads < c.threads()) {
            log.info("listeners.udp.threads {} capped at the {} I/O threads", c.threads(), workerThreads);
        }
        if (threads > 1 && !loops.nativeEpoll()) {
            log.info("listeners.udp.threads {} needs native epoll: UDP is read by one thread", threads);
            threads = 1;
        }
        Bootstrap b = new Bootstrap().group(loops.workers()).channel(loops.datagramChannelType())
                .option(ChannelOption.RECVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(MAX_DATAGRAM))
                .option(ChannelOption.SO_RCVBUF, 4 * 1024 * 1024)
                .option(ChannelOption.AUTO_READ, threads == 1) // else the readers read (UdpReaders)
                .handler(initializer);
        bind(Transport.UDP, b.bind(c.host(), c.port()), c.host(), c.port());
        if (threads > 1) {
            Channel ch = bound.get(Transport.UDP);
            try {
                udpReaders = UdpReaders.start((EpollDatagramChannel) ch, threads, loops.workers(), initializer,
                        MAX_DATAGRAM);
                log.info("UDP read and answered by {} threads", udpReaders.threads());
            } catch (IOException | RuntimeException e) {
                log.warn("UDP is read by one thread: cannot share the socket between threads ({})", e.toString());
                ch.config().setAutoRead(true);
            }
        }
    }

    private ServerBootstrap serverBootstrap() {
        return new ServerBootstrap().group(loops.boss(), loops.workers()).channel(loops.serverChannelType())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true);
    }

    private void bind(Transport t, ChannelFuture future, String host, int port) {
        future.awaitUninterruptibly();
        if (!future.isSuccess()) {
            throw new IllegalStateException("cannot bind " + t + " listener on " + host + ":" + port + ": "
                    + future.cause().getMessage(), future.cause());
        }
        bound.put(t, future.channel());
        log.info("{} listening on {}", t, future.channel().localAddress());
    }

    /**
     * A flow to a next hop (a trunk): over UDP, the UDP listening socket, so answers come back to the port in
     * our Via; over TCP/TLS, an open connection to that address (reused) or a new one, whose pipeline is
     * the same as an accepted connection's, so responses and requests on it reach the SIP stage.
     */
    public CompletionStage<Flow> flowTo(Transport transport, InetSocketAddress remote) {
        Channel udp;
        synchronized (this) {
            udp = udpReaders == null ? null : udpReaders.channelOfThisThread(); // no hop to another thread
            if (udp == null) {
                udp = bound.get(Transport.UDP);
            }
        }
        return switch (transport) {
            case UDP -> udp == null
                    ? CompletableFuture.failedFuture(new IllegalStateException("UDP listener not bound"))
                    : CompletableFuture.completedFuture(udpFlows.get(new UdpPeer(udp, remote),
                            p -> new Flow(0, Transport.UDP, p.channel(), p.remote(),
                                    (InetSocketAddress) p.channel().localAddress())));
            case TCP, TLS -> outbound.flowTo(transport, remote);
            case WS, WSS -> CompletableFuture.failedFuture(
                    new IllegalArgumentException("the gateway never connects out over WebSocket"));
        };
    }

    /** The address a listener is bound to, or null when it is disabled or not started. */
    public synchronized InetSocketAddress address(Transport transport) {
        Channel ch = bound.get(transport);
        return ch == null ? null : (InetSocketAddress) ch.localAddress();
    }

    /** The port a listener is bound to (the real one when configured as 0), or -1 when it is not bound. */
    public int port(Transport transport) {
        InetSocketAddress a = address(transport);
        return a == null ? -1 : a.getPort();
    }

    public FlowRegistry flows() {
        return flows;
    }

    /** Stops listening, closes open connections and stops the threads, within about 5 seconds. */
    @Override
    public synchronized void close() {
        if (loops == null) {
            return;
        }
        if (udpReaders != null) {
            udpReaders.close();
            udpReaders = null;
        }
        for (Channel ch : bound.values()) {
            ch.close().awaitUninterruptibly(1000);
        }
        bound.clear();
        for (Flow flow : flows.snapshot()) {
            if (flow.channel().eventLoop().parent() == loops.workers()) {
                flow.channel().close(); // WebSockets send 1001 first (sendCloseFrame in the protocol config)
            }
        }
        loops.shutdown(Duration.ofSeconds(3));
        loops = null;
    }
}
