package org.webtrunk.gateway.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;

/**
 * Reassembles a fragmented WebSocket message (RFC 6455 §5.4) up to the SIP message limit. A message that
 * grows beyond it is not an error for the connection: its first fragments go on as an
 * {@link OversizedMessage}, the rest of the message is dropped, and the SIP stage answers 513.
 * (A single unfragmented frame over the limit never gets here: the frame decoder closes with 1009 before
 * reading its payload.)
 */
final class SipWebSocketFrameAggregator extends WebSocketFrameAggregator {
    private final TransportMetrics metrics;
    private final Transport transport;

    SipWebSocketFrameAggregator(int maxMessageBytes, Transport transport, TransportMetrics metrics) {
        super(maxMessageBytes);
        this.transport = transport;
        this.metrics = metrics;
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, WebSocketFrame oversized) {
        metrics.frameTooLarge(transport);
        // the aggregator releases 'oversized' after this call; keep the bytes read so far
        ctx.fireChannelRead(new OversizedMessage(oversized.content().retain()));
    }

    /** The first bytes of a WebSocket message that exceeded the limit. */
    static final class OversizedMessage extends DefaultByteBufHolder {
        OversizedMessage(ByteBuf content) {
            super(content);
        }
    }
}
