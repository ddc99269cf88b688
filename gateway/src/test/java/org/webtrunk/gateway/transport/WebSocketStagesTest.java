package org.webtrunk.gateway.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.timeout.IdleStateEvent;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The WebSocket-side stages: reassembly, oversize, SipFrame conversion, keep-alive and handshake timeout. */
class WebSocketStagesTest {
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final TransportMetrics metrics = new TransportMetrics(meters);

    private EmbeddedChannel framing(int max) {
        EmbeddedChannel ch = new EmbeddedChannel();
        Flow flow = new Flow(1, Transport.WS, ch, new InetSocketAddress("127.0.0.1", 1), new InetSocketAddress(2));
        ch.pipeline().addLast(new SipWebSocketFrameAggregator(max, Transport.WS, metrics),
                new WebSocketToSipFrameDecoder(flow));
        return ch;
    }

    private static String text(SipFrame f) {
        try {
            return f.content().toString(StandardCharsets.UTF_8);
        } finally {
            f.release();
        }
    }

    @Test
    void textAndBinaryMessagesBecomeOneSipFrameEach() {
        EmbeddedChannel ch = framing(1024);
        String msg = OptionsResponder.options("WS", "w1");
        assertTrue(ch.writeInbound(new TextWebSocketFrame(msg)));
        assertTrue(ch.writeInbound(new BinaryWebSocketFrame(Unpooled.copiedBuffer(msg, StandardCharsets.UTF_8))));
        SipFrame a = ch.readInbound();
        assertEquals(Transport.WS, a.flow().transport());
        assertEquals(msg, text(a));
        assertEquals(msg, text(ch.readInbound()));
        assertFalse(ch.finish());
    }

    @Test
    void fragmentedMessageIsReassembled() {
        EmbeddedChannel ch = framing(1024);
        String msg = OptionsResponder.options("WS", "w2");
        assertFalse(ch.writeInbound(new TextWebSocketFrame(false, 0, msg.substring(0, 30))));
        assertFalse(ch.writeInbound(new ContinuationWebSocketFrame(false, 0, msg.substring(30, 60))));
        assertTrue(ch.writeInbound(new ContinuationWebSocketFrame(true, 0, msg.substring(60))));
        SipFrame f = ch.readInbound();
        assertFalse(f.oversized());
        assertEquals(msg, text(f));
        assertFalse(ch.finish());
    }

    @Test
    void fragmentedMessageOverTheLimitBecomesAnOversizedFrameAndTheNextMessageStillWorks() {
        EmbeddedChannel ch = framing(1024);
        String head = "INVITE sip:a@b SIP/2.0\r\nVia: SIP/2.0/WS x.invalid;branch=z9hG4bK1\r\n";
        ch.writeInbound(new TextWebSocketFrame(false, 0, head));
        ch.writeInbound(new ContinuationWebSocketFrame(false, 0, "x".repeat(1000)));
        ch.writeInbound(new ContinuationWebSocketFrame(true, 0, "y".repeat(10)));
        SipFrame f = ch.readInbound();
        assertTrue(f.oversized());
        assertTrue(text(f).startsWith(head));
        assertNull(ch.readInbound());
        assertEquals(1.0, meters.get("webtrunk.frames.too.large").tag("transport", "ws").counter().count());

        String msg = OptionsResponder.options("WS", "after");
        assertTrue(ch.writeInbound(new TextWebSocketFrame(msg)));
        assertEquals(msg, text(ch.readInbound()));
        assertFalse(ch.finish());
    }

    private static WebSocketServerProtocolHandler.HandshakeComplete handshakeComplete() {
        return new WebSocketServerProtocolHandler.HandshakeComplete("/", new DefaultHttpHeaders(), "sip");
    }

    @Test
    void keepAlivePingsWhenWriterIdleAndClosesWith1000WhenReaderIdle() {
        EmbeddedChannel ch = new EmbeddedChannel(new WebSocketKeepAlive());
        ch.pipeline().fireUserEventTriggered(IdleStateEvent.WRITER_IDLE_STATE_EVENT);
        assertNull(ch.readOutbound(), "no pings before the upgrade");
        ch.pipeline().fireUserEventTriggered(handshakeComplete());
        ch.pipeline().fireUserEventTriggered(IdleStateEvent.WRITER_IDLE_STATE_EVENT);
        PingWebSocketFrame ping = ch.readOutbound();
        ping.release();
        assertFalse(ch.writeInbound(new PongWebSocketFrame()), "pongs are consumed");
        assertTrue(ch.isActive());
        ch.pipeline().fireUserEventTriggered(IdleStateEvent.READER_IDLE_STATE_EVENT);
        CloseWebSocketFrame close = ch.readOutbound();
        assertEquals(1000, close.statusCode());
        close.release();
        assertFalse(ch.isActive());
        assertFalse(ch.finish());
    }

    @Test
    void handshakeTimeoutClosesAConnectionThatNeverUpgrades() {
        EmbeddedChannel ch = new EmbeddedChannel(new WebSocketHandshakeTimeout(Duration.ofSeconds(5), metrics));
        ch.advanceTimeBy(4, TimeUnit.SECONDS);
        ch.runScheduledPendingTasks();
        assertTrue(ch.isActive());
        ch.advanceTimeBy(2, TimeUnit.SECONDS);
        ch.runScheduledPendingTasks();
        assertFalse(ch.isActive());
        assertEquals(1.0, meters.get("webtrunk.ws.handshake.refused").tag("reason", "timeout").counter().count());
        assertFalse(ch.finish());
    }

    @Test
    void handshakeTimeoutStandsDownOnUpgrade() {
        WebSocketHandshakeTimeout timeout = new WebSocketHandshakeTimeout(Duration.ofSeconds(5), metrics);
        EmbeddedChannel ch = new EmbeddedChannel(timeout);
        ch.pipeline().fireUserEventTriggered(handshakeComplete());
        assertNull(ch.pipeline().context(timeout));
        ch.advanceTimeBy(10, TimeUnit.SECONDS);
        ch.runScheduledPendingTasks();
        assertTrue(ch.isActive());
        assertSame(null, ch.readOutbound());
        ch.close();
        assertFalse(ch.finish());
    }

    @Test
    void closeCounterCountsCloseCodesSent() {
        EmbeddedChannel ch = new EmbeddedChannel(new WebSocketCloseCounter(metrics));
        ch.writeOutbound(new CloseWebSocketFrame(1001, "bye"));
        CloseWebSocketFrame out = ch.readOutbound();
        assertInstanceOf(CloseWebSocketFrame.class, out);
        out.release();
        assertEquals(1.0, meters.get("webtrunk.ws.close.sent").tag("code", "1001").counter().count());
        assertFalse(ch.finish());
    }
}
