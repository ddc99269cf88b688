package org.webtrunk.gateway.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.webtrunk.gateway.transport.Flow;
import org.webtrunk.gateway.transport.Transport;

class SipReplyWriterTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final EmbeddedChannel channel = new EmbeddedChannel(
            new SipReplyWriter(new SipResponseBuilder("WebTrunk"), new SipMetrics(registry)));

    @Test
    void writesTheReplyToTheRequestsFlow() {
        Flow tcp = TestMessages.flow(Transport.TCP, channel);
        SipMessage request = TestMessages.decode(TestMessages.corpus("sipp").get("uac-invite"), tcp);
        channel.writeInbound(SipReply.reject(request, 420, "Bad Extension", List.of("Unsupported: x"), "proxy-require"));
        ByteBuf out = channel.readOutbound();
        try {
            String text = out.toString(StandardCharsets.UTF_8);
            assertTrue(text.startsWith("SIP/2.0 420 Bad Extension\r\n"), text);
            assertTrue(text.contains("\r\nUnsupported: x\r\n"));
        } finally {
            out.release();
        }
        assertEquals(0, request.refCnt());
        assertEquals(1.0, registry.find("webtrunk.sip.replies").tag("status", "420").counter().count());
        assertFalse(channel.finish());
    }

    @Test
    void udpRepliesGoToTheSourceAddress() {
        Flow udp = TestMessages.flow(Transport.UDP, channel);
        channel.writeInbound(SipReply.of(TestMessages.decode(TestMessages.corpus("jssip").get("options"), udp), 200, "OK", List.of()));
        DatagramPacket out = channel.readOutbound();
        try {
            assertEquals(TestMessages.CLIENT, out.recipient());
        } finally {
            out.release();
        }
        assertFalse(channel.finish());
    }

    @Test
    void unanswerableRepliesAndStrayMessagesAreDroppedAndReleased() {
        Flow tcp = TestMessages.flow(Transport.TCP, channel);
        SipMessage noVia = TestMessages.decode("OPTIONS sip:a@b SIP/2.0\nCall-ID: x\n\n", tcp);
        SipMessage stray = TestMessages.decode(TestMessages.corpus("jssip").get("bye"), tcp);
        channel.writeInbound(SipReply.reject(noVia, 400, "Missing Via", List.of(), "required-headers"), stray);
        assertNull(channel.readOutbound());
        assertEquals(0, noVia.refCnt());
        assertEquals(0, stray.refCnt());
        assertEquals(1.0, registry.find("webtrunk.sip.dropped").tag("reason", "unanswerable").counter().count());
        assertEquals(1.0, registry.find("webtrunk.sip.dropped").tag("reason", "unhandled").counter().count());
        assertFalse(channel.finish());
    }
}
