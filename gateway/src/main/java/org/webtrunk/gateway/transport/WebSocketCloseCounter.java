package org.webtrunk.gateway.transport;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;

/**
 * Counts the close frames the server sends, by status code (RFC 6455 §7.4.1). Sits just before Netty's
 * protocol handler so it sees closes from the protocol handler (server-initiated closes, echoed client
 * closes) and from every later stage; closes for frame-level violations are counted by
 * {@link ExceptionHandler}.
 */
@Sharable
final class WebSocketCloseCounter extends ChannelOutboundHandlerAdapter {
    private final TransportMetrics metrics;

    WebSocketCloseCounter(TransportMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof CloseWebSocketFrame close) {
            int code = close.statusCode();
            metrics.closeSent(code < 0 ? 1005 : code);
        }
        ctx.write(msg, promise);
    }
}
