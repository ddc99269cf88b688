package org.webtrunk.gateway.protection;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;

/**
 * First handler of the UDP pipeline, before SIP parsing: counts every datagram against its sender's flood density,
 * and drops (releasing the buffer) datagrams from banned senders and those over the density, counted in
 * {@code webtrunk_protection_drops_total{reason}}. With flood action {@code reject} the datagram that crosses the
 * density passes once, so {@link ProtectionHandler} can answer it with 503. The sender of a UDP datagram can be
 * spoofed; the flood table is bounded so spoofing costs no memory. {@link Sharable}.
 */
@Sharable
public final class DatagramGuard extends ChannelInboundHandlerAdapter {
    private final SourceGuard guard;
    private final ProtectionMetrics metrics;

    DatagramGuard(SourceGuard guard, ProtectionMetrics metrics) {
        this.guard = guard;
        this.metrics = metrics;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof DatagramPacket packet) {
            InetSocketAddress sender = packet.sender();
            if (sender != null && sender.getAddress() != null) {
                ProtectionDecision d = guard.checkDatagram(sender.getAddress());
                if (!d.allowed()) {
                    metrics.dropped(d.tag());
                    packet.release();
                    return;
                }
            }
        }
        ctx.fireChannelRead(msg);
    }
}
