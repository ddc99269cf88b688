package org.webtrunk.gateway.protection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BannedAddressFilterTest {
    private final Fixtures f = new Fixtures();
    private final BanList bans = new BanList(new AllowList(List.of()), 1000, f.metrics, f.clock);
    private final BannedAddressFilter filter = new BannedAddressFilter(bans, f.metrics);

    @Test
    void aConnectionFromABannedAddressIsClosedBeforeAnythingSeesIt() {
        InetSocketAddress peer = new InetSocketAddress("198.51.100.7", 40000);
        bans.ban(peer.getAddress(), BanReason.FLOOD, Duration.ofMinutes(5));
        AtomicInteger activeSeen = new AtomicInteger();
        EmbeddedChannel ch = Fixtures.channelFrom(peer, filter, new ChannelInboundHandlerAdapter() {
            @Override
            public void channelActive(ChannelHandlerContext ctx) {
                activeSeen.incrementAndGet();
            }
        });
        assertFalse(ch.isOpen());
        assertEquals(0, activeSeen.get());
        assertEquals(1.0, f.counter("webtrunk.protection.drops", "reason", "banned"));
        assertFalse(ch.finish());
    }

    @Test
    void otherConnectionsPassAndTheFilterLeavesTheirPipeline() {
        bans.ban(new InetSocketAddress("198.51.100.7", 1).getAddress(), BanReason.FLOOD, Duration.ofMinutes(5));
        EmbeddedChannel ch = Fixtures.channelFrom(new InetSocketAddress("2001:db8::5", 40000), filter);
        assertTrue(ch.isOpen());
        assertNull(ch.pipeline().get(BannedAddressFilter.class));
        ByteBuf in = Unpooled.copiedBuffer("OPTIONS", StandardCharsets.US_ASCII);
        assertTrue(ch.writeInbound(in));
        ByteBuf read = ch.readInbound();
        assertEquals("OPTIONS", read.toString(StandardCharsets.US_ASCII));
        read.release();
        assertFalse(ch.finish());
    }
}
