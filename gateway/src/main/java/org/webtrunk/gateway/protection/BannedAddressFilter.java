package org.webtrunk.gateway.protection;

import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ipfilter.AbstractRemoteAddressFilter;
import java.net.InetSocketAddress;

/**
 * First handler of every connection pipeline (TCP, TLS, WS, WSS; before TLS, so a banned address costs no
 * handshake): a connection from a banned address is closed when it becomes active, before any byte is read, and
 * counted as a drop with reason {@code banned}. An accepted connection's pipeline no longer holds this filter (as
 * in Netty's filters); an address banned later is cut off by {@link ProtectionHandler}. {@link Sharable}.
 */
@Sharable
public final class BannedAddressFilter extends AbstractRemoteAddressFilter<InetSocketAddress> {
    private final BanList bans;
    private final ProtectionMetrics metrics;

    BannedAddressFilter(BanList bans, ProtectionMetrics metrics) {
        this.bans = bans;
        this.metrics = metrics;
    }

    @Override
    protected boolean accept(ChannelHandlerContext ctx, InetSocketAddress remote) {
        return !bans.isBanned(remote.getAddress());
    }

    @Override
    protected ChannelFuture channelRejected(ChannelHandlerContext ctx, InetSocketAddress remote) {
        metrics.dropped(SourceGuard.BANNED.tag());
        return null; // the superclass closes the channel
    }
}
