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
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SipStreamFramerTest {
    private static final int MAX = 1024;
    private static final String BODY = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\n";
    private static final String INVITE = "INVITE sip:bob@example.com SIP/2.0\r\n"
            + "Via: SIP/2.0/TCP client.example.com;branch=z9hG4bK1\r\n"
            + "Call-ID: a\r\n"
            + "Content-Length: " + BODY.length() + "\r\n\r\n" + BODY;

    private SimpleMeterRegistry meters;
    private EmbeddedChannel channel;
    private Flow flow;

    @BeforeEach
    void setUp() {
        meters = new SimpleMeterRegistry();
        channel = new EmbeddedChannel();
        flow = new Flow(7, Transport.TCP, channel, new InetSocketAddress("127.0.0.1", 5000),
                new InetSocketAddress("127.0.0.1", 5060));
        channel.pipeline().addLast(new SipStreamFramer(flow, MAX, new TransportMetrics(meters)));
    }

    private static ByteBuf bytes(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.UTF_8);
    }

    private String readFrame(boolean oversized) {
        SipFrame frame = channel.readInbound();
        try {
            assertEquals(oversized, frame.oversized());
            assertSame(flow, frame.flow());
            return frame.content().toString(StandardCharsets.UTF_8);
        } finally {
            frame.release();
        }
    }

    /** After a framing failure the connection closes; only the empty flush that orders the close was written. */
    private void assertClosedWithNothingMoreSent() {
        channel.runPendingTasks();
        assertFalse(channel.isActive());
        for (ByteBuf b = channel.readOutbound(); b != null; b = channel.readOutbound()) {
            assertEquals(0, b.readableBytes());
            b.release();
        }
        assertNull(channel.readInbound());
    }

    @Test
    void messageSplitAcrossReadsIsEmittedOnceComplete() {
        int cut1 = 20;
        int cut2 = INVITE.length() - 5; // inside the body
        assertFalse(channel.writeInbound(bytes(INVITE.substring(0, cut1))));
        assertFalse(channel.writeInbound(bytes(INVITE.substring(cut1, cut2))));
        assertTrue(channel.writeInbound(bytes(INVITE.substring(cut2))));
        assertEquals(INVITE, readFrame(false));
        assertNull(channel.readInbound());
        assertFalse(channel.finish());
    }

    @Test
    void twoMessagesInOneReadAreTwoFrames() {
        String options = OptionsResponder.options("TCP", "b");
        assertTrue(channel.writeInbound(bytes(INVITE + options)));
        assertEquals(INVITE, readFrame(false));
        assertEquals(options, readFrame(false));
        assertNull(channel.readInbound());
        assertFalse(channel.finish());
    }

    @Test
    void crlfCrlfPingGetsCrlfPongAndStrayCrlfsAreSkipped() {
        assertFalse(channel.writeInbound(bytes("\r\n\r\n")));
        ByteBuf pong = channel.readOutbound();
        assertEquals("\r\n", pong.toString(StandardCharsets.US_ASCII));
        pong.release();
        assertTrue(channel.writeInbound(bytes("\r\n" + INVITE)));
        assertEquals(INVITE, readFrame(false));
        assertNull(channel.readOutbound()); // a stray CRLF is not a ping
        assertFalse(channel.finish());
    }

    @Test
    void pingSplitAcrossReadsStillGetsPong() {
        assertFalse(channel.writeInbound(bytes("\r\n")));
        assertNull(channel.readOutbound());
        assertFalse(channel.writeInbound(bytes("\r\n")));
        ByteBuf pong = channel.readOutbound();
        assertEquals("\r\n", pong.toString(StandardCharsets.US_ASCII));
        pong.release();
        assertFalse(channel.finish());
    }

    @Test
    void compactFoldedAndMixedCaseContentLengthIsHonoured() {
        String msg = "MESSAGE sip:a@b SIP/2.0\r\nCall-ID: x\r\nl :\r\n  5\r\n\r\nhello";
        String upper = "MESSAGE sip:a@b SIP/2.0\r\nCONTENT-length:   3\r\n\r\nabc";
        assertTrue(channel.writeInbound(bytes(msg + upper)));
        assertEquals(msg, readFrame(false));
        assertEquals(upper, readFrame(false));
        assertFalse(channel.finish());
    }

    @Test
    void missingContentLengthIsTakenAsEmptyBody() {
        String msg = "OPTIONS sip:a@b SIP/2.0\r\nCall-ID: x\r\n\r\n";
        assertTrue(channel.writeInbound(bytes(msg)));
        assertEquals(msg, readFrame(false));
        assertTrue(channel.isActive());
        assertFalse(channel.finish());
    }

    @Test
    void contentLengthBeyondLimitGivesOversizedHeadersAndCloses() {
        String headers = "INVITE sip:a@b SIP/2.0\r\nCall-ID: x\r\nContent-Length: 5000\r\n\r\n";
        assertTrue(channel.writeInbound(bytes(headers + "x".repeat(100))));
        assertEquals(headers, readFrame(true));
        assertClosedWithNothingMoreSent();
        assertEquals(1.0, meters.get("webtrunk.frames.too.large").tag("transport", "tcp").counter().count());
        assertFalse(channel.finish());
    }

    @Test
    void headerBlockBeyondLimitGivesOversizedFrameWithFirstBytesAndCloses() {
        String start = "INVITE sip:a@b SIP/2.0\r\nVia: SIP/2.0/TCP h;branch=z9hG4bK1\r\nX-Pad: ";
        assertTrue(channel.writeInbound(bytes(start + "p".repeat(2 * MAX))));
        String got = readFrame(true);
        assertEquals(MAX, got.length());
        assertTrue(got.startsWith(start));
        assertClosedWithNothingMoreSent();
        assertFalse(channel.finish());
    }

    @Test
    void garbageContentLengthGivesHeadersForA400AndCloses() {
        String headers = "INVITE sip:a@b SIP/2.0\r\nContent-Length: 12abc\r\n\r\n";
        assertTrue(channel.writeInbound(bytes(headers + "body")));
        assertEquals(headers, readFrame(false));
        assertClosedWithNothingMoreSent();
        assertFalse(channel.finish());
    }

    @Test
    void contradictoryContentLengthsAreInvalid() {
        String block = "A sip:a SIP/2.0\r\nContent-Length: 1\r\nl: 2\r\n\r\n";
        ByteBuf b = bytes(block);
        try {
            assertEquals(-2, SipStreamFramer.contentLength(b, 0, b.writerIndex()));
        } finally {
            b.release();
        }
        assertFalse(channel.finish());
    }
}
