package org.webtrunk.gateway.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.webtrunk.gateway.transport.Flow;
import org.webtrunk.gateway.transport.SipFrame;
import org.webtrunk.gateway.transport.Transport;

class SipMessageDecoderTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final EmbeddedChannel channel = new EmbeddedChannel(new SipMessageDecoder(256, new SipMetrics(registry)));
    private final Flow flow = TestMessages.flow(Transport.WS, channel);

    @Test
    void decodesOneFrameIntoOneMessageAndReleasesTheFrame() {
        ByteBuf content = Unpooled.wrappedBuffer(TestMessages.corpus("jssip").get("invite"));
        channel.writeInbound(new SipFrame(content, flow));
        SipMessage m = channel.readInbound();
        try {
            assertNull(m.failure());
            assertEquals("INVITE", m.method());
            assertSame(flow, m.flow());
            assertEquals(0, content.refCnt(), "the message keeps a copy; the received buffer is freed at once");
            assertEquals(1.0, registry.find("webtrunk.sip.messages").tag("direction", "in").tag("kind", "request").counter().count());
        } finally {
            m.release();
        }
        assertFalse(channel.finish());
    }

    @Test
    void garbageBecomesAMarkedMessageNotAnException() {
        ByteBuf garbage = Unpooled.copiedBuffer("\u0000\u0001GET / HTTP/1.1\r\n\r\n", StandardCharsets.ISO_8859_1);
        channel.writeInbound(new SipFrame(garbage, flow));
        SipMessage m = channel.readInbound();
        try {
            assertEquals(DecodeFailure.START_LINE, m.failure());
        } finally {
            m.release();
        }
        assertFalse(channel.finish());
    }

    @Test
    void oversizedFlagIsCarried() {
        channel.writeInbound(new SipFrame(Unpooled.wrappedBuffer(TestMessages.corpus("jssip").get("invite"), 0, 300), flow, true));
        SipMessage m = channel.readInbound();
        try {
            assertTrue(m.oversized());
            assertEquals(DecodeFailure.OVERSIZED, m.failure());
        } finally {
            m.release();
        }
        assertFalse(channel.finish());
    }
}
