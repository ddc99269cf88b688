package org.webtrunk.gateway.protection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.webtrunk.gateway.config.ProtectionConfig;

class ConnectionLimitHandlerTest {
    private final Fixtures f = new Fixtures();
    private final InetSocketAddress peer = new InetSocketAddress("198.51.100.7", 40000);

    private ConnectionLimiter limiter(int perAddress, int handshakes) {
        ProtectionConfig c = Fixtures.withLimits(Fixtures.config(),
                l -> Fixtures.connections(l, perAddress, 100, handshakes));
        return new ConnectionLimiter(c, new AllowList(List.of()), f.metrics);
    }

    private ConnectionLimitHandler handler(ConnectionLimiter l, boolean ws, ConnectionLimitHandler.Refusal r) {
        return new ConnectionLimitHandler(l, f.metrics, ws, r, Fixtures.seconds(5));
    }

    @Test
    void theConnectionOverTheLimitIsClosedAtAcceptAndACloseFreesItsSlot() {
        ConnectionLimiter l = limiter(2, 100);
        ConnectionLimitHandler h = handler(l, false, ConnectionLimitHandler.Refusal.CLOSE);
        EmbeddedChannel one = Fixtures.channelFrom(peer, h);
        EmbeddedChannel two = Fixtures.channelFrom(peer, h);
        EmbeddedChannel three = Fixtures.channelFrom(peer, h);
        assertTrue(one.isOpen());
        assertTrue(two.isOpen());
        assertFalse(three.isOpen());
        assertEquals(2, l.openConnections(peer.getAddress()));
        assertEquals(1.0, f.counter("webtrunk.protection.drops", "reason", "connection-limit"));

        one.close();
        assertEquals(1, l.openConnections(peer.getAddress()));
        EmbeddedChannel four = Fixtures.channelFrom(peer, h);
        assertTrue(four.isOpen());

        ByteBuf data = Unpooled.copiedBuffer("x", StandardCharsets.US_ASCII);
        assertTrue(four.writeInbound(data)); // an admitted connection passes its bytes on
        ByteBuf read = four.readInbound();
        read.release();
        assertFalse(one.finish());
        assertFalse(two.finish());
        assertFalse(three.finish());
        assertFalse(four.finish());
        assertEquals(0, l.openConnections());
    }

    @Test
    void webSocketRefusalCanAnswerHttp503() {
        ConnectionLimiter l = limiter(1, 100);
        ConnectionLimitHandler h = handler(l, true, ConnectionLimitHandler.Refusal.HTTP_503);
        EmbeddedChannel ok = Fixtures.channelFrom(peer, h);
        EmbeddedChannel refused = Fixtures.channelFrom(peer, h);
        ByteBuf out = refused.readOutbound();
        String text = out.toString(StandardCharsets.US_ASCII);
        out.release();
        assertTrue(text.startsWith("HTTP/1.1 503 Service Unavailable\r\n"), text);
        assertTrue(text.contains("Retry-After: 5\r\n"), text);
        assertFalse(refused.isOpen());
        assertNull(refused.readOutbound());
        assertFalse(refused.finish());
        assertFalse(ok.finish());
    }

    @Test
    void theHandshakeListenerFreesTheHandshakeSlotOnUpgrade() {
        ConnectionLimiter l = limiter(10, 1);
        ConnectionLimitHandler h = handler(l, true, ConnectionLimitHandler.Refusal.CLOSE);
        EmbeddedChannel first = Fixtures.channelFrom(peer, h, h.handshakeListener());
        assertEquals(1, l.handshakesInProgress());
        assertFalse(Fixtures.channelFrom(peer, h, h.handshakeListener()).isOpen());

        first.pipeline().fireUserEventTriggered(
                new WebSocketServerProtocolHandler.HandshakeComplete("/", new DefaultHttpHeaders(), "sip"));
        assertEquals(0, l.handshakesInProgress());
        EmbeddedChannel second = Fixtures.channelFrom(peer, h, h.handshakeListener());
        assertTrue(second.isOpen());
        assertEquals(2, l.openConnections());
        assertFalse(first.finish());
        assertFalse(second.finish());
        assertEquals(0, l.openConnections());
        assertEquals(0, l.handshakesInProgress());
    }
}
