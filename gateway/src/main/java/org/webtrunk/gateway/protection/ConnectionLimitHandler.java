package org.webtrunk.gateway.protection;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.util.AttributeKey;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Counts connections with a {@link ConnectionLimiter} and refuses one over a limit as soon as it is accepted:
 * closed, or for a WebSocket listener optionally answered {@code HTTP/1.1 503} with Retry-After first (place it
 * after TLS then, so the answer is encrypted). The slot is released when the channel goes inactive. For WebSocket
 * listeners add {@link #handshakeListener()} after the WebSocket protocol handler: it frees the handshake slot when
 * the upgrade completes. {@link Sharable}.
 */
@Sharable
public final class ConnectionLimitHandler extends ChannelInboundHandlerAdapter {
    static final AttributeKey<ConnectionLimiter.Lease> LEASE = AttributeKey.valueOf("webtrunk.protection.lease");

    /** How a refused connection is told. */
    public enum Refusal { CLOSE, HTTP_503 }

    private final ConnectionLimiter limiter;
    private final ProtectionMetrics metrics;
    private final boolean websocket;
    private final Refusal refusal;
    private final byte[] http503;
    private final HandshakeListener handshakeListener = new HandshakeListener();

    ConnectionLimitHandler(ConnectionLimiter limiter, ProtectionMetrics metrics, boolean websocket, Refusal refusal,
                           Duration retryAfter) {
        this.limiter = limiter;
        this.metrics = metrics;
        this.websocket = websocket;
        this.refusal = refusal;
        this.http503 = ("HTTP/1.1 503 Service Unavailable\r\nRetry-After: " + Math.max(1, retryAfter.toSeconds())
                + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        if (!(ctx.channel().remoteAddress() instanceof InetSocketAddress remote)) {
            ctx.fireChannelActive();
            return;
        }
        ConnectionLimiter.Lease lease = limiter.tryAcquire(remote.getAddress(), websocket);
        if (lease == null) {
            metrics.dropped("connection-limit");
            if (refusal == Refusal.HTTP_503) {
                ctx.channel().config().setAutoRead(false); // nothing of the refused connection reaches HTTP
                ctx.writeAndFlush(Unpooled.wrappedBuffer(http503)).addListener(ChannelFutureListener.CLOSE);
            } else {
                ctx.close();
            }
            return;
        }
        ctx.channel().attr(LEASE).set(lease);
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        ConnectionLimiter.Lease lease = ctx.channel().attr(LEASE).getAndSet(null);
        if (lease != null) {
            lease.release();
        }
        ctx.fireChannelInactive();
    }

    /** Frees the handshake slot of {@code channel}'s connection; idempotent. */
    public static void handshakeDone(Channel channel) {
        ConnectionLimiter.Lease lease = channel.attr(LEASE).get();
        if (lease != null) {
            lease.handshakeDone();
        }
    }

    /** Put after the WebSocket protocol handler: frees the handshake slot on {@code HandshakeComplete}. */
    public HandshakeListener handshakeListener() {
        return handshakeListener;
    }

    /** Sees the upgrade's completion event, which is fired after the protocol handler, not at the pipeline head. */
    @Sharable
    public static final class HandshakeListener extends ChannelInboundHandlerAdapter {
        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
                handshakeDone(ctx.channel());
            }
            ctx.fireUserEventTriggered(evt);
        }
    }
}
