package org.webtrunk.gateway.admin;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.ReadTimeoutHandler;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.webtrunk.gateway.config.AdminConfig;

/**
 * The admin HTTP listener, on its own single thread so a scrape never competes with SIP traffic:
 * {@code GET /health} (200, {@code {"status":"up"}}), {@code GET /metrics} (Prometheus text exposition),
 * plus whatever routes later code {@link #register registers}. Unknown paths get 404, a known path with
 * another method 405. Requests are bounded to 64 KiB and idle connections closed after a minute.
 * There is no authentication: keep it on loopback or a management network.
 */
public final class AdminServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AdminServer.class);
    static final int MAX_REQUEST_BYTES = 64 * 1024;
    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final AdminConfig config;
    private final AdminRoutes routes = new AdminRoutes();
    private EventLoopGroup group;
    private Channel channel;

    public AdminServer(AdminConfig config, PrometheusMeterRegistry registry) {
        this.config = Objects.requireNonNull(config, "config");
        Objects.requireNonNull(registry, "registry");
        register(HttpMethod.GET, "/health", req -> AdminResponses.json(HttpResponseStatus.OK, "{\"status\":\"up\"}\n"));
        register(HttpMethod.GET, "/metrics", req -> AdminResponses.of(HttpResponseStatus.OK, PROMETHEUS_TEXT,
                registry.scrape()));
    }

    /**
     * Adds a route, before or after {@link #start}. {@code pathPrefix} matches itself and everything below
     * it; the longest prefix wins. Throws if the same method and prefix are already registered.
     */
    public AdminServer register(HttpMethod method, String pathPrefix, AdminRoute route) {
        routes.register(Objects.requireNonNull(method), Objects.requireNonNull(pathPrefix), Objects.requireNonNull(route));
        return this;
    }

    /** Binds {@link AdminConfig#host()}:{@link AdminConfig#port()}; throws IllegalStateException if it cannot. */
    public synchronized void start() {
        if (group != null) {
            throw new IllegalStateException("already started");
        }
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        AdminHttpHandler handler = new AdminHttpHandler(routes);
        ChannelFuture f = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast("read-timeout", new ReadTimeoutHandler(60, TimeUnit.SECONDS));
                        ch.pipeline().addLast("http-codec", new HttpServerCodec(4096, 8192, 8192));
                        ch.pipeline().addLast("http-aggregator", new HttpObjectAggregator(MAX_REQUEST_BYTES));
                        ch.pipeline().addLast("admin", handler);
                    }
                })
                .bind(config.host(), config.port()).awaitUninterruptibly();
        if (!f.isSuccess()) {
            close();
            throw new IllegalStateException("cannot bind admin listener on " + config.host() + ":" + config.port()
                    + ": " + f.cause().getMessage(), f.cause());
        }
        channel = f.channel();
        log.info("admin listening on {}", channel.localAddress());
    }

    /** The bound port (the real one when configured as 0), or -1 when not started. */
    public synchronized int port() {
        return channel == null ? -1 : ((InetSocketAddress) channel.localAddress()).getPort();
    }

    @Override
    public synchronized void close() {
        if (channel != null) {
            channel.close().awaitUninterruptibly(1000);
            channel = null;
        }
        if (group != null) {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(3000);
            group = null;
        }
    }
}
