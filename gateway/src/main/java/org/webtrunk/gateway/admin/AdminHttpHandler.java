package org.webtrunk.gateway.admin;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Dispatches admin requests through the route table; 400 for malformed, 404 unknown path, 405 wrong method. */
@Sharable
final class AdminHttpHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger log = LoggerFactory.getLogger(AdminHttpHandler.class);

    private final AdminRoutes routes;

    AdminHttpHandler(AdminRoutes routes) {
        this.routes = routes;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        FullHttpResponse response = respond(request);
        boolean keepAlive = request.decoderResult().isSuccess() && HttpUtil.isKeepAlive(request);
        if (!response.headers().contains(HttpHeaderNames.CONTENT_LENGTH)) {
            HttpUtil.setContentLength(response, response.content().readableBytes());
        }
        HttpUtil.setKeepAlive(response, keepAlive);
        var f = ctx.writeAndFlush(response);
        if (!keepAlive) {
            f.addListener(ChannelFutureListener.CLOSE);
        }
    }

    private FullHttpResponse respond(FullHttpRequest request) {
        if (!request.decoderResult().isSuccess()) {
            return AdminResponses.text(HttpResponseStatus.BAD_REQUEST, "Bad request\n");
        }
        String uri = request.uri();
        int q = uri.indexOf('?');
        String path = q < 0 ? uri : uri.substring(0, q);
        AdminRoutes.Match match = routes.find(request.method(), path);
        if (match.route() == null) {
            if (match.pathKnown()) {
                return AdminResponses.text(HttpResponseStatus.METHOD_NOT_ALLOWED, "Method not allowed\n");
            }
            return AdminResponses.text(HttpResponseStatus.NOT_FOUND, "Not found\n");
        }
        try {
            FullHttpResponse r = match.route().handle(request);
            return r != null ? r : AdminResponses.text(HttpResponseStatus.INTERNAL_SERVER_ERROR, "Internal error\n");
        } catch (Exception e) {
            log.warn("admin route {} {} failed", request.method(), path, e);
            return AdminResponses.text(HttpResponseStatus.INTERNAL_SERVER_ERROR, "Internal error\n");
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("admin connection {}: {}", ctx.channel(), cause.toString());
        ctx.close();
    }
}
