package org.webtrunk.gateway.transport;

import io.netty.buffer.ByteBufHolder;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageDecoder;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.util.List;

/**
 * One SIP message per WebSocket message, text or binary (RFC 7118 §5.2): turns each reassembled data
 * message into a {@link SipFrame} on this connection's flow, so one SIP decoder serves every transport.
 */
final class WebSocketToSipFrameDecoder extends MessageToMessageDecoder<Object> {
    private final Flow flow;

    WebSocketToSipFrameDecoder(Flow flow) {
        this.flow = flow;
    }

    @Override
    public boolean acceptInboundMessage(Object msg) {
        return msg instanceof TextWebSocketFrame || msg instanceof BinaryWebSocketFrame
                || msg instanceof SipWebSocketFrameAggregator.OversizedMessage;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, Object msg, List<Object> out) {
        if (msg instanceof SipWebSocketFrameAggregator.OversizedMessage oversized) {
            out.add(new SipFrame(oversized.content().retain(), flow, true));
        } else {
            out.add(new SipFrame(((ByteBufHolder) msg).content().retain(), flow));
        }
    }
}
