package org.webtrunk.gateway.sip;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;

/**
 * The one place where SIP replies are written: it turns every {@link SipReply} that reaches the end of
 * the pipeline into a response ({@link SipResponseBuilder}) and sends it back over the request's flow.
 * A reply that cannot be answered (ACK, no usable Via) is dropped and counted. Anything else reaching
 * the end is released and counted, so no buffer leaks. Stateless and {@link Sharable}.
 */
@Sharable
public final class SipReplyWriter extends ChannelInboundHandlerAdapter {
    private final SipResponseBuilder builder;
    private final SipMetrics metrics;

    public SipReplyWriter(SipResponseBuilder builder, SipMetrics metrics) {
        this.builder = builder;
        this.metrics = metrics;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof SipReply reply)) {
            metrics.dropped(msg instanceof SipMessage ? "unhandled" : "unknown-object");
            ReferenceCountUtil.release(msg);
            return;
        }
        try {
            SipMessage request = reply.request();
            if (!SipResponseBuilder.answerable(request) || request.flow() == null) {
                metrics.dropped("unanswerable");
                return;
            }
            ByteBuf out = builder.build(request, reply.status(), reply.reason(), reply.headers(), ctx.alloc());
            metrics.replied(reply.status());
            metrics.responseSent();
            request.flow().send(out);
        } finally {
            reply.release();
        }
    }
}
