package org.webtrunk.gateway.transport;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;

/**
 * After the upgrade: sends a ping (RFC 6455 §5.5.2) when nothing has been written for the ping interval,
 * which keeps NAT bindings open and makes a live browser answer with a pong; closes with 1000 (normal
 * closure: nothing went wrong, the peer is just gone) when nothing at all has been read for the idle
 * timeout. The events come from the {@link io.netty.handler.timeout.IdleStateHandler} near the head of the
 * pipeline, which counts raw reads, so pongs and client pings keep a connection alive. Consumes pongs.
 */
final class WebSocketKeepAlive extends ChannelInboundHandlerAdapter {
    private boolean upgraded;

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
            upgraded = true;
        } else if (evt instanceof IdleStateEvent idle && upgraded) {
            if (idle.state() == IdleState.WRITER_IDLE) {
                ctx.writeAndFlush(new PingWebSocketFrame());
            } else if (idle.state() == IdleState.READER_IDLE) {
                ctx.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.NORMAL_CLOSURE.code(), "idle timeout"))
                        .addListener(ChannelFutureListener.CLOSE);
            }
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof PongWebSocketFrame pong) {
            pong.release();
            return;
        }
        ctx.fireChannelRead(msg);
    }
}
