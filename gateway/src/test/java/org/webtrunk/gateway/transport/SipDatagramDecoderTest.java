package org.webtrunk.gateway.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SipDatagramDecoderTest {
    private static final InetSocketAddress LOCAL = new InetSocketAddress("127.0.0.1", 5060);
    private static final InetSocketAddress PEER = new InetSocketAddress("127.0.0.1", 40000);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final EmbeddedChannel channel =
            new EmbeddedChannel(new SipDatagramDecoder(1024, 100, new TransportMetrics(meters)));

    private static DatagramPacket packet(String s, InetSocketAddress from) {
        return new DatagramPacket(Unpooled.copiedBuffer(s, StandardCharsets.UTF_8), LOCAL, from);
    }

    @Test
    void oneDatagramIsOneFrameOnTheSendersFlow() {
        String msg = OptionsResponder.options("UDP", "u1");
        assertTrue(channel.writeInbound(packet("\r\n" + msg, PEER)));
        SipFrame frame = channel.readInbound();
        assertEquals(msg, frame.content().toString(StandardCharsets.UTF_8));
        assertFalse(frame.oversized());
        assertEquals(Transport.UDP, frame.flow().transport());
        assertEquals(PEER, frame.flow().remote());
        assertEquals(0, frame.flow().id());
        Flow first = frame.flow();
        frame.release();

        assertTrue(channel.writeInbound(packet(msg, PEER)));
        SipFrame again = channel.readInbound();
        assertSame(first, again.flow(), "the flow of a known sender is reused");
        again.release();
        assertTrue(channel.writeInbound(packet(msg, new InetSocketAddress("127.0.0.1", 40001))));
        SipFrame other = channel.readInbound();
        assertNotSame(first, other.flow());
        other.release();
        assertFalse(channel.finish());
    }

    @Test
    void crlfKeepAliveDatagramIsIgnored() {
        assertFalse(channel.writeInbound(packet("\r\n\r\n", PEER)));
        assertNull(channel.readInbound());
        assertFalse(channel.finish());
    }

    @Test
    void datagramOverTheLimitIsAnOversizedFrameOfTheFirstBytes() {
        String big = "MESSAGE sip:a@b SIP/2.0\r\n" + "x".repeat(3000);
        assertTrue(channel.writeInbound(packet(big, PEER)));
        SipFrame frame = channel.readInbound();
        assertTrue(frame.oversized());
        assertEquals(big.substring(0, 1024), frame.content().toString(StandardCharsets.UTF_8));
        frame.release();
        assertEquals(1.0, meters.get("webtrunk.frames.too.large").tag("transport", "udp").counter().count());
        assertFalse(channel.finish());
    }
}
