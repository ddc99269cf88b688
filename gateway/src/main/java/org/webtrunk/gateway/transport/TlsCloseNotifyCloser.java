package org.webtrunk.gateway.transport;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslCloseCompletionEvent;

/**
 * Closes a TLS connection once the peer has sent its close_notify. TLS 1.3 lets a side keep writing after the
 * peer's close_notify, and the JDK's engine does not answer it, so without this the connection stayed open:
 * a trunk (stunnel, for one) that waits for our close_notify before closing TCP left a connection that the next
 * request was written into and lost. SIP has no use for a half-closed connection.
 */
@ChannelHandler.Sharable
final class TlsCloseNotifyCloser extends ChannelInboundHandlerAdapter {
    /** Stateless, so every TLS pipeline shares this one. */
    static final TlsCloseNotifyCloser SHARED = new TlsCloseNotifyCloser();

    private TlsCloseNotifyCloser() {
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof SslCloseCompletionEvent) {
            ctx.close();
        }
        ctx.fireUserEventTriggered(evt);
    }
}
