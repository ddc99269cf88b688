package org.webtrunk.gateway.token;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Last handler of the stand-alone {@link TokenServer}: a JSON 404 for paths outside the service (400 for requests
 * that did not decode), and the one place connection errors are logged and the connection closed.
 */
@Sharable
final class TokenFallbackHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger log = LoggerFactory.getLogger(TokenFallbackHandler.class);

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        boolean decoded = request.decoderResult().isSuccess();
        FullHttpResponse r = decoded
                ? TokenResponses.error(TokenOutcome.NOT_FOUND, null)
                : TokenResponses.error(TokenOutcome.MALFORMED, "Malformed HTTP request");
        boolean keepAlive = decoded && HttpUtil.isKeepAlive(request);
        HttpUtil.setKeepAlive(r, keepAlive);
        var written = ctx.writeAndFlush(r);
        if (!keepAlive) {
            written.addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("token service connection {}: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
