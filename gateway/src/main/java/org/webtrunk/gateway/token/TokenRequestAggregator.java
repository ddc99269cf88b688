package org.webtrunk.gateway.token;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.util.ReferenceCountUtil;

/**
 * Netty's {@link HttpObjectAggregator}, except that a token service request over the limit gets the service's
 * JSON 413 ({@code {"error":"too_large"}}) instead of an empty one, both when the body is too large and when
 * {@code Expect: 100-continue} announces one (RFC 9110 §10.1.1). Other paths keep Netty's answers, so it can
 * replace the aggregator of a listener that serves both.
 */
public final class TokenRequestAggregator extends HttpObjectAggregator {

    /** @param maxContentLength largest body aggregated: {@link TokenHttpHandler#maxBodyBytes()} or more */
    public TokenRequestAggregator(int maxContentLength) {
        super(maxContentLength);
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) throws Exception {
        if (oversized instanceof HttpRequest && TokenHttpHandler.isServicePath(((HttpRequest) oversized).uri())) {
            // Part of the body may already be on its way: the connection cannot be reused.
            FullHttpResponse r = tooLarge();
            HttpUtil.setKeepAlive(r, false);
            ctx.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        super.handleOversizedMessage(ctx, oversized);
    }

    @Override
    protected Object newContinueResponse(HttpMessage start, int maxContentLength, ChannelPipeline pipeline) {
        Object answer = super.newContinueResponse(start, maxContentLength, pipeline);
        if (answer instanceof HttpResponse
                && ((HttpResponse) answer).status().code() == HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE.code()
                && start instanceof HttpRequest && TokenHttpHandler.isServicePath(((HttpRequest) start).uri())) {
            ReferenceCountUtil.release(answer);
            // The client has not sent the body: the aggregator skips it and the connection stays usable.
            FullHttpResponse r = tooLarge();
            r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            return r;
        }
        return answer;
    }

    private static FullHttpResponse tooLarge() {
        return TokenResponses.error(TokenOutcome.TOO_LARGE, null);
    }
}
