package org.webtrunk.gateway;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.List;
import org.webtrunk.gateway.proxy.ProxyCore;
import org.webtrunk.gateway.sip.SipMessage;
import org.webtrunk.gateway.sip.SipReply;

/**
 * The proxy's place in every listener's SIP stage. The proxy is built once the listeners are bound
 * (its Via and Record-Route need the real ports), but the UDP pipeline exists from the bind on; a request
 * in that instant is answered 503 with Retry-After rather than lost.
 */
@ChannelHandler.Sharable
final class ProxyStage extends ChannelInboundHandlerAdapter {
    private volatile ProxyCore core;

    void start(ProxyCore proxy) {
        this.core = proxy;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof SipMessage m)) {
            ctx.fireChannelRead(msg);
            return;
        }
        ProxyCore proxy = core;
        if (proxy == null) {
            if (m.isRequest() && !m.isMethod("ACK")) {
                ctx.fireChannelRead(SipReply.of(m, 503, "Starting Up", List.of("Retry-After: 1")));
            } else {
                m.release();
            }
            return;
        }
        if (m.isRequest()) {
            proxy.onRequest(m);
        } else {
            proxy.onResponse(m);
        }
    }
}
