package org.webtrunk.gateway.proxy;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.webtrunk.gateway.sip.SipMessage;

/**
 * The last SIP stage of every listener: hands each decoded, sane, authorised {@link SipMessage} to the
 * {@link ProxyCore} (requests and responses alike; the core takes ownership). Anything else passes on.
 * Shared: it holds no per-connection state.
 */
@ChannelHandler.Sharable
public final class ProxyHandler extends ChannelInboundHandlerAdapter {
    private final ProxyCore core;

    public ProxyHandler(ProxyCore core) {
        this.core = core;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof SipMessage m)) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (m.isRequest()) {
            core.onRequest(m);
        } else {
            core.onResponse(m);
        }
    }
}
