package org.webtrunk.gateway.sip;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import java.util.List;

/**
 * Placeholder for the proxy: answers what the gateway can answer itself. OPTIONS gets 200 with Allow,
 * Supported and Accept (RFC 3261 §11.2); any other request gets 501 Not Implemented (§21.5.2: the
 * gateway cannot yet forward, whatever the Request-URI); ACKs (§17.2.1: never answered) and responses
 * (no client transactions yet) are dropped and counted. Stateless and {@link Sharable}.
 */
@Sharable
public final class LocalRequestHandler extends SimpleChannelInboundHandler<SipMessage> {
    /** What the gateway says of itself in answers to OPTIONS (RFC 3261 §11.2) and in 405s. */
    public static final String ALLOW = "Allow: INVITE, ACK, CANCEL, BYE, OPTIONS, REGISTER, UPDATE, INFO, MESSAGE, NOTIFY, REFER, PRACK";
    public static final String SUPPORTED = "Supported: outbound";
    public static final String ACCEPT = "Accept: application/sdp";

    private final SipMetrics metrics;

    public LocalRequestHandler(SipMetrics metrics) {
        super(SipMessage.class, false);
        this.metrics = metrics;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, SipMessage msg) {
        if (!msg.isRequest()) {
            metrics.dropped("stray-response");
            msg.release();
        } else if (msg.isMethod("ACK")) {
            metrics.dropped("ack");
            msg.release();
        } else if (msg.isMethod("OPTIONS")) {
            ctx.fireChannelRead(SipReply.of(msg, 200, "OK", List.of(ALLOW, SUPPORTED, ACCEPT)));
        } else {
            ctx.fireChannelRead(SipReply.of(msg, 501, "Not Implemented", List.of(ALLOW)));
        }
    }
}
