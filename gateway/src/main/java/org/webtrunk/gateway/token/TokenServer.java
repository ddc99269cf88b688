package org.webtrunk.gateway.token;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.ReadTimeoutHandler;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.webtrunk.gateway.transport.UriHosts;

/**
 * The token service on its own HTTP listener ({@code run.sh --token-service-only}, and tests):
 * {@code read-timeout → http-codec → http-aggregator (JSON 413) → token → fallback (JSON 404, errors)}.
 * Plain HTTP: put TLS in front (a reverse proxy) when it faces the Internet.
 */
public final class TokenServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TokenServer.class);
    /** A connection silent this long is closed: requests are tiny, so only a stalled or idle client waits. */
    static final Duration READ_TIMEOUT = Duration.ofSeconds(30);
    /** Bounds the request line (the GET form carries the token there) and the header block. */
    static final int MAX_INITIAL_LINE = 4096;
    static final int MAX_HEADER_BYTES = 8192;
    private static final int THREADS = 2;

    private final String host;
    private final int port;
    private final TokenHttpHandler handler;
    private final TokenFallbackHandler fallback = new TokenFallbackHandler();
    private EventLoopGroup group;
    private Channel channel;

    /**
     * @param host    address to bind, e.g. {@code 127.0.0.1}
     * @param port    port to bind; 0 picks a free one
     * @param handler the service, shared by all connections
     */
    public TokenServer(String host, int port, TokenHttpHandler handler) {
        this.host = Objects.requireNonNull(host, "host");
        this.port = port;
        this.handler = Objects.requireNonNull(handler, "handler");
    }

    /** Binds the listener; throws IllegalStateException if it cannot. */
    public synchronized void start() {
        if (group != null) {
            throw new IllegalStateException("already started");
        }
        group = new MultiThreadIoEventLoopGroup(THREADS, NioIoHandler.newFactory());
        ChannelFuture f = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast("read-timeout", new ReadTimeoutHandler(READ_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
                        ch.pipeline().addLast("http-codec", new HttpServerCodec(MAX_INITIAL_LINE, MAX_HEADER_BYTES, 8192));
                        ch.pipeline().addLast("http-aggregator", new TokenRequestAggregator(handler.maxBodyBytes()));
                        ch.pipeline().addLast("token", handler);
                        ch.pipeline().addLast("fallback", fallback);
                    }
                })
                .bind(host, port).awaitUninterruptibly();
        if (!f.isSuccess()) {
            Throwable cause = f.cause();
            close();
            throw new IllegalStateException("cannot bind token service on " + host + ":" + port + ": "
                    + cause.getMessage(), cause);
        }
        channel = f.channel();
        log.info("token service listening on http://{}{}", hostPort(), TokenHttpHandler.TOKEN_PATH);
    }

    /** The bound address, or null when not started. */
    public synchronized InetSocketAddress localAddress() {
        return channel == null ? null : (InetSocketAddress) channel.localAddress();
    }

    /** The bound port (the real one when configured as 0), or -1 when not started. */
    public synchronized int port() {
        return channel == null ? -1 : localAddress().getPort();
    }

    private String hostPort() {
        InetSocketAddress a = localAddress();
        return UriHosts.bracketed(a.getAddress().getHostAddress()) + ":" + a.getPort();
    }

    /** Stops accepting, lets responses in flight finish (at most 2 s), then stops the threads. */
    @Override
    public synchronized void close() {
        if (channel != null) {
            channel.close().awaitUninterruptibly(1000);
            channel = null;
        }
        if (group != null) {
            group.shutdownGracefully(100, 2000, TimeUnit.MILLISECONDS).awaitUninterruptibly(3000);
            group = null;
        }
    }
}
