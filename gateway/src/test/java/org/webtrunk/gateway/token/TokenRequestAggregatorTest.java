package org.webtrunk.gateway.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import org.junit.jupiter.api.Test;

class TokenRequestAggregatorTest {

    private static HttpRequest start(String uri, int length) {
        HttpRequest r = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, uri);
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
        r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, length);
        return r;
    }

    @Test
    void oversizedTokenRequestGetsJson413AndClose() {
        EmbeddedChannel ch = new EmbeddedChannel(new TokenRequestAggregator(1024));
        ch.writeInbound(start("/v1/token", 5000));
        FullHttpResponse r = ch.readOutbound();
        assertEquals(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, r.status());
        assertEquals(NoStoreResponses.JSON_UTF8, r.headers().get(HttpHeaderNames.CONTENT_TYPE));
        assertTrue(TokenFixtures.body(r).path("error").asText().equals("too_large"));
        r.release();
        assertFalse(ch.isOpen());
        assertNull(ch.readInbound());
        assertFalse(ch.finish());
    }

    @Test
    void announcedOversizedBodyWithExpectContinueGetsJson413AndItsBodySkipped() {
        EmbeddedChannel ch = new EmbeddedChannel(new TokenRequestAggregator(1024));
        HttpRequest req = start("/v1/token", 5000);
        req.headers().set(HttpHeaderNames.EXPECT, "100-continue");
        ch.writeInbound(req);
        FullHttpResponse r = ch.readOutbound();
        assertEquals(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, r.status());
        assertEquals("too_large", TokenFixtures.body(r).path("error").asText());
        r.release();
        ch.writeInbound(new DefaultHttpContent(Unpooled.wrappedBuffer(new byte[100])), LastHttpContent.EMPTY_LAST_CONTENT);
        assertNull(ch.readInbound());
        assertTrue(ch.isOpen());
        // The connection is still usable: the next request is aggregated as usual.
        ch.writeInbound(start("/v1/token", 2), new DefaultLastHttpContent(Unpooled.wrappedBuffer(new byte[] {'{', '}'})));
        FullHttpRequest next = ch.readInbound();
        assertEquals(2, next.content().readableBytes());
        next.release();
        assertFalse(ch.finish());
    }

    @Test
    void otherPathsKeepNettysAnswer() {
        EmbeddedChannel ch = new EmbeddedChannel(new TokenRequestAggregator(1024));
        ch.writeInbound(start("/", 5000));
        FullHttpResponse r = ch.readOutbound();
        assertEquals(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, r.status());
        assertFalse(NoStoreResponses.JSON_UTF8.equals(r.headers().get(HttpHeaderNames.CONTENT_TYPE)));
        r.release();
        assertFalse(ch.finish());
    }
}
