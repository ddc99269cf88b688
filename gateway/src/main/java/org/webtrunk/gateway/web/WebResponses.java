package org.webtrunk.gateway.web;

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
import java.nio.charset.StandardCharsets;
import org.webtrunk.gateway.token.NoStoreResponses;

/** The demo's HTTP answers. Every answer says its length and type and is never sniffed as another type. */
final class WebResponses {
    /** The page loads only its own scripts and talks only to its own origin (fetch and the WebSocket). */
    static final String PAGE_POLICY = "default-src 'self'; connect-src 'self' ws: wss:; img-src 'self' data:; "
            + "style-src 'self'; script-src 'self'; frame-ancestors 'self'; base-uri 'none'; form-action 'none'";
    static final String NO_CACHE = "no-cache";
    static final String SHORT_CACHE = "public, max-age=300";
    static final ObjectMapper JSON = new ObjectMapper();

    private WebResponses() {
    }

    /** A file; for HEAD the same headers without the body (RFC 9110 §9.3.2). */
    static FullHttpResponse file(StaticFiles.StaticFile f, boolean head) {
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(f.bytes()));
        HttpHeaders h = r.headers();
        h.set(HttpHeaderNames.CONTENT_TYPE, f.contentType());
        h.setInt(HttpHeaderNames.CONTENT_LENGTH, f.bytes().length);
        boolean html = f.contentType().startsWith("text/html");
        // The page revalidates each load so a new gateway's page is seen at once; scripts may be kept briefly.
        h.set(HttpHeaderNames.CACHE_CONTROL, html ? NO_CACHE : SHORT_CACHE);
        h.set("x-content-type-options", "nosniff");
        if (html) {
            h.set("content-security-policy", PAGE_POLICY);
            h.set("referrer-policy", "no-referrer");
        }
        return r;
    }

    /** JSON, never stored (a token is in it). */
    static FullHttpResponse json(HttpResponseStatus status, ObjectNode body) {
        return NoStoreResponses.json(status, body);
    }

    /** A short plain-text error; {@code message} is ours, never text the client sent. */
    static FullHttpResponse text(HttpResponseStatus status, String message) {
        return NoStoreResponses.of(status, "text/plain; charset=utf-8", (message + "\n").getBytes(StandardCharsets.UTF_8));
    }

    static FullHttpResponse methodNotAllowed(String allow) {
        FullHttpResponse r = text(HttpResponseStatus.METHOD_NOT_ALLOWED, "Method not allowed");
        r.headers().set(HttpHeaderNames.ALLOW, allow);
        return r;
    }

    /** 301 to {@code location} (a path of ours). */
    static FullHttpResponse redirect(String location) {
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.MOVED_PERMANENTLY,
                Unpooled.EMPTY_BUFFER);
        r.headers().set(HttpHeaderNames.LOCATION, location);
        r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
        return r;
    }
}
