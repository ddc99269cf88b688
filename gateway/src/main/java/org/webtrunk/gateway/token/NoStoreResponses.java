package org.webtrunk.gateway.token;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;

/**
 * HTTP answers never stored by a cache ({@code Cache-Control: no-store}, RFC 9111 §5.2.2.5: they may carry a
 * password or a token) and never sniffed as another type. Used by the token service and the demo's token page.
 */
public final class NoStoreResponses {
    public static final String JSON_UTF8 = "application/json; charset=utf-8";
    private static final ObjectMapper JSON = new ObjectMapper();

    private NoStoreResponses() {
    }

    /** {@code body} as JSON. */
    public static FullHttpResponse json(HttpResponseStatus status, ObjectNode body) {
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a JSON tree", e); // cannot happen for an ObjectNode
        }
        return of(status, JSON_UTF8, bytes);
    }

    /** {@code body} with its type and length. */
    public static FullHttpResponse of(HttpResponseStatus status, String contentType, byte[] body) {
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
        HttpHeaders h = r.headers();
        h.set(HttpHeaderNames.CONTENT_TYPE, contentType);
        h.setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        h.set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE);
        h.set("x-content-type-options", "nosniff");
        return r;
    }
}
