package org.webtrunk.gateway.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class WebSocketUpgradeGuardTest {
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    private EmbeddedChannel guard(List<String> origins) {
        return new EmbeddedChannel(new WebSocketUpgradeGuard("/sip", origins, new TransportMetrics(meters)));
    }

    private static FullHttpRequest upgrade(String uri, String protocol, String origin) {
        FullHttpRequest r = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, uri);
        r.headers().set("Host", "127.0.0.1").set("Upgrade", "websocket").set("Connection", "keep-alive, Upgrade")
                .set("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==").set("Sec-WebSocket-Version", "13");
        if (protocol != null) {
            r.headers().set("Sec-WebSocket-Protocol", protocol);
        }
        if (origin != null) {
            r.headers().set("Origin", origin);
        }
        return r;
    }

    /** Asserts a refusal: status, a short text body, Connection: close, the channel closed, nothing passed on. */
    private String assertRefused(EmbeddedChannel ch, HttpResponseStatus status, String reason) {
        FullHttpResponse response = ch.readOutbound();
        try {
            assertEquals(status, response.status());
            assertEquals("close", response.headers().get("Connection"));
            assertTrue(response.headers().get("Content-Type").startsWith("text/plain"));
            assertNull(ch.readInbound());
            assertFalse(ch.isActive());
            assertEquals(1.0, meters.get("webtrunk.ws.handshake.refused").tag("reason", reason).counter().count());
            return response.content().toString(StandardCharsets.UTF_8);
        } finally {
            response.release();
        }
    }

    @Test
    void goodUpgradePassesThroughUntouched() {
        EmbeddedChannel ch = guard(List.of("https://app.example.com"));
        FullHttpRequest request = upgrade("/sip?x=1", "chat, sip", "https://app.example.com");
        assertTrue(ch.writeInbound(request));
        FullHttpRequest passed = ch.readInbound();
        assertSame(request, passed);
        assertEquals(1, passed.refCnt());
        passed.release();
        assertNull(ch.readOutbound());
        assertFalse(ch.finish());
    }

    @Test
    void noSubprotocolIsRefusedWith400AndNotUpgraded() {
        EmbeddedChannel ch = guard(List.of());
        assertFalse(ch.writeInbound(upgrade("/sip", null, null)));
        String body = assertRefused(ch, HttpResponseStatus.BAD_REQUEST, "subprotocol");
        assertTrue(body.contains("sip"), body);
        assertFalse(ch.finish());
    }

    @Test
    void otherSubprotocolOnlyIsRefused() {
        EmbeddedChannel ch = guard(List.of());
        assertFalse(ch.writeInbound(upgrade("/sip", "sips, mqtt", null)));
        assertRefused(ch, HttpResponseStatus.BAD_REQUEST, "subprotocol");
        assertFalse(ch.finish());
    }

    @Test
    void originNotOnTheListIsRefusedWith403() {
        EmbeddedChannel ch = guard(List.of("https://app.example.com"));
        assertFalse(ch.writeInbound(upgrade("/sip", "sip", "https://evil.example.net")));
        assertRefused(ch, HttpResponseStatus.FORBIDDEN, "origin");
        assertFalse(ch.finish());
    }

    @Test
    void missingOriginIsRefusedWhenAListIsConfigured() {
        EmbeddedChannel ch = guard(List.of("https://app.example.com"));
        assertFalse(ch.writeInbound(upgrade("/sip", "sip", null)));
        assertRefused(ch, HttpResponseStatus.FORBIDDEN, "origin");
        assertFalse(ch.finish());
    }

    @Test
    void emptyOriginListAllowsAnyOrigin() {
        EmbeddedChannel ch = guard(List.of());
        assertTrue(ch.writeInbound(upgrade("/sip", "sip", "https://anything.example")));
        FullHttpRequest passed = ch.readInbound();
        passed.release();
        assertFalse(ch.finish());
    }

    @Test
    void wrongPathIs404() {
        EmbeddedChannel ch = guard(List.of());
        assertFalse(ch.writeInbound(upgrade("/other", "sip", null)));
        assertRefused(ch, HttpResponseStatus.NOT_FOUND, "path");
        assertFalse(ch.finish());
    }

    @Test
    void postIs405() {
        EmbeddedChannel ch = guard(List.of());
        FullHttpRequest r = upgrade("/sip", "sip", null);
        r.setMethod(HttpMethod.POST);
        assertFalse(ch.writeInbound(r));
        assertRefused(ch, HttpResponseStatus.METHOD_NOT_ALLOWED, "method");
        assertFalse(ch.finish());
    }

    @Test
    void plainGetWithoutUpgradeIs426() {
        EmbeddedChannel ch = guard(List.of());
        FullHttpRequest r = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/sip");
        assertFalse(ch.writeInbound(r));
        assertRefused(ch, HttpResponseStatus.UPGRADE_REQUIRED, "not-upgrade");
        assertFalse(ch.finish());
    }

    @Test
    void wrongWebSocketVersionIs426() {
        EmbeddedChannel ch = guard(List.of());
        FullHttpRequest r = upgrade("/sip", "sip", null);
        r.headers().set("Sec-WebSocket-Version", "8");
        assertFalse(ch.writeInbound(r));
        assertRefused(ch, HttpResponseStatus.UPGRADE_REQUIRED, "version");
        assertFalse(ch.finish());
    }

    @Test
    void missingKeyIs400() {
        EmbeddedChannel ch = guard(List.of());
        FullHttpRequest r = upgrade("/sip", "sip", null);
        r.headers().remove("Sec-WebSocket-Key");
        assertFalse(ch.writeInbound(r));
        assertRefused(ch, HttpResponseStatus.BAD_REQUEST, "not-upgrade");
        assertFalse(ch.finish());
    }

    @Test
    void headersOverTheHandshakeLimitAre431() {
        EmbeddedChannel ch = new EmbeddedChannel(new HttpServerCodec(1024, 1024, 8192), new HttpObjectAggregator(1024),
                new WebSocketUpgradeGuard("/sip", List.of(), new TransportMetrics(meters)));
        String request = "GET /sip HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(2000) + "\r\n\r\n";
        assertFalse(ch.writeInbound(Unpooled.copiedBuffer(request, StandardCharsets.US_ASCII)));
        ByteBuf out = ch.readOutbound();
        String response = out.toString(StandardCharsets.US_ASCII);
        out.release();
        assertTrue(response.startsWith("HTTP/1.1 431 "), response);
        assertFalse(ch.isActive());
        assertFalse(ch.finish());
    }
}
