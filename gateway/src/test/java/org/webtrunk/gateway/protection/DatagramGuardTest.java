package org.webtrunk.gateway.protection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.webtrunk.gateway.config.ProtectionConfig;
import org.webtrunk.gateway.config.ProtectionConfig.FloodAction;

class DatagramGuardTest {
    private final Fixtures f = new Fixtures();
    private final InetSocketAddress sender = new InetSocketAddress("198.51.100.7", 5060);
    private BanList bans;

    private EmbeddedChannel channel(ProtectionConfig c) {
        AllowList allow = new AllowList(c.allowList());
        bans = new BanList(allow, 1000, f.metrics, f.clock);
        FloodDetector flood = new FloodDetector(c, allow, f.metrics, f.clock);
        return new EmbeddedChannel(new DatagramGuard(new SourceGuard(bans, flood, c.flood()), f.metrics));
    }

    private static DatagramPacket packet(InetSocketAddress from) {
        return new DatagramPacket(Unpooled.copiedBuffer("OPTIONS sip:x SIP/2.0\r\n\r\n", StandardCharsets.US_ASCII),
                Fixtures.LOCAL, from);
    }

    @Test
    void datagramsFromBannedSendersAreDroppedAndReleased() {
        EmbeddedChannel ch = channel(Fixtures.config());
        bans.ban(sender.getAddress(), BanReason.MANUAL, Duration.ofMinutes(1));
        DatagramPacket p = packet(sender);
        assertFalse(ch.writeInbound(p));
        assertEquals(0, p.refCnt());
        assertEquals(1.0, f.counter("webtrunk.protection.drops", "reason", "banned"));

        DatagramPacket other = packet(new InetSocketAddress("198.51.100.8", 5060));
        assertTrue(ch.writeInbound(other));
        DatagramPacket passed = ch.readInbound();
        passed.release();
        assertFalse(ch.finish());
    }

    @Test
    void theDatagramOverTheDensityBansItsSenderAndIsDropped() {
        EmbeddedChannel ch = channel(Fixtures.withFlood(Fixtures.config(), 3, FloodAction.DROP));
        for (int i = 0; i < 3; i++) {
            assertTrue(ch.writeInbound(packet(sender)));
            ((DatagramPacket) ch.readInbound()).release();
        }
        DatagramPacket fourth = packet(sender);
        assertFalse(ch.writeInbound(fourth));
        assertEquals(0, fourth.refCnt());
        assertTrue(bans.isBanned(sender.getAddress()));
        assertFalse(ch.writeInbound(packet(sender)));
        assertEquals(1.0, f.counter("webtrunk.protection.drops", "reason", "flood"));
        assertEquals(1.0, f.counter("webtrunk.protection.drops", "reason", "banned"));
        assertEquals(1.0, f.counter("webtrunk.protection.bans", "reason", "flood"));
        assertFalse(ch.finish());
    }

    @Test
    void withRejectTheCrossingDatagramPassesOnceToBeAnswered() {
        EmbeddedChannel ch = channel(Fixtures.withFlood(Fixtures.config(), 1, FloodAction.REJECT));
        assertTrue(ch.writeInbound(packet(sender)));
        ((DatagramPacket) ch.readInbound()).release();
        assertTrue(ch.writeInbound(packet(sender)));
        ((DatagramPacket) ch.readInbound()).release();
        assertTrue(bans.isBanned(sender.getAddress()));
        assertFalse(ch.writeInbound(packet(sender)));
        assertNull(ch.readInbound());
        assertFalse(ch.finish());
    }

    @Test
    void otherMessagesPassUntouched() {
        EmbeddedChannel ch = channel(Fixtures.config());
        ByteBuf raw = Unpooled.copiedBuffer("x", StandardCharsets.US_ASCII);
        assertTrue(ch.writeInbound(raw));
        ((ByteBuf) ch.readInbound()).release();
        assertFalse(ch.finish());
    }
}
