package org.webtrunk.gateway.sip;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageDecoder;
import java.util.List;
import org.webtrunk.gateway.transport.SipFrame;

/**
 * SipFrame → {@link SipMessage}: one decoder for every transport, only the framing before it differs.
 * Never throws on bad input: a message it cannot index carries its {@link DecodeFailure} and the next
 * stage decides whether to answer or drop. Stateless, so one instance serves all channels.
 */
@Sharable
public final class SipMessageDecoder extends MessageToMessageDecoder<SipFrame> {
    private final int maxHeaders;
    private final SipMetrics metrics;

    public SipMessageDecoder(int maxHeaders, SipMetrics metrics) {
        super(SipFrame.class);
        this.maxHeaders = maxHeaders;
        this.metrics = metrics;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, SipFrame frame, List<Object> out) {
        SipMessage msg;
        try {
            msg = SipMessage.decode(frame.content().retain(), frame.flow(), maxHeaders, frame.oversized());
        } catch (RuntimeException e) { // a bug, not bad input: count and drop rather than kill the connection
            metrics.dropped("decoder-error"); // decode has released its reference in any case
            return;
        }
        metrics.received(msg.isRequest());
        out.add(msg);
    }
}
