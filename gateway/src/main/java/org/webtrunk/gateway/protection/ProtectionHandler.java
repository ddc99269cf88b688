package org.webtrunk.gateway.protection;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import java.net.InetAddress;
import org.webtrunk.gateway.sip.HeaderName;
import org.webtrunk.gateway.sip.SipMessage;
import org.webtrunk.gateway.sip.SipReply;
import org.webtrunk.gateway.sip.SipResponseBuilder;
import org.webtrunk.gateway.transport.Transport;

/**
 * The protection stage of the SIP pipeline, right after the SIP decoder. Per message it decides
 * ({@link #decide}), in this order:
 * <ol>
 *   <li>banned source, or (connections only) a source crossing the flood density: dropped, and the connection
 *       closed; with flood action {@code reject} the crossing request gets one 503 with Retry-After first;</li>
 *   <li>a request with a scanner User-Agent: dropped (and banned if configured);</li>
 *   <li>(connections only, allow-listed sources exempt) a request other than ACK or CANCEL over the connection's
 *       rate: 503, Retry-After: 1. A trunk sends all its calls over one connection, far above a browser's rate;
 *       trunks belong on the allow-list.</li>
 * </ol>
 * Then it acts: passes the message on, releases it, or fires a {@link SipReply} for the SIP stage's reply writer.
 * UDP datagrams were already flood-counted by {@link DatagramGuard}, so they are not counted again here.
 * {@link Sharable}; all state is in thread-safe tables or channel attributes.
 */
@Sharable
public final class ProtectionHandler extends SimpleChannelInboundHandler<SipMessage> {
    private final SourceGuard sources;
    private final ScannerDetector scanners;
    private final RequestRateLimiter rates;
    private final AllowList allowList;
    private final ProtectionMetrics metrics;

    ProtectionHandler(SourceGuard sources, ScannerDetector scanners, RequestRateLimiter rates, AllowList allowList,
                      ProtectionMetrics metrics) {
        super(SipMessage.class, false);
        this.sources = sources;
        this.scanners = scanners;
        this.rates = rates;
        this.allowList = allowList;
        this.metrics = metrics;
    }

    /** The decision for one received message; counts it (flood, rate) but does not act. */
    public ProtectionDecision decide(SipMessage msg) {
        InetAddress source = msg.flow().remote().getAddress();
        boolean connection = msg.flow().transport() != Transport.UDP;
        ProtectionDecision d = sources.checkMessage(source, connection);
        if (!d.allowed() || !msg.isRequest()) {
            return d;
        }
        d = scanners.checkUserAgent(source, msg.header(HeaderName.USER_AGENT));
        if (!d.allowed()) {
            return d;
        }
        if (connection && !msg.isMethod("ACK") && !msg.isMethod("CANCEL") && !allowList.contains(source)) {
            return rates.check(msg.flow().channel());
        }
        return ProtectionDecision.ALLOW;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, SipMessage msg) {
        ProtectionDecision d = decide(msg);
        switch (d.action()) {
            case ALLOW -> ctx.fireChannelRead(msg);
            case REJECT -> {
                if (SipResponseBuilder.answerable(msg)) {
                    metrics.rejected(d.tag());
                    ctx.fireChannelRead(SipReply.reject(msg, d.status(), d.reason(), d.headers(), d.tag()));
                } else {
                    drop(ctx, msg, d);
                }
            }
            case DROP -> drop(ctx, msg, d);
        }
    }

    private void drop(ChannelHandlerContext ctx, SipMessage msg, ProtectionDecision d) {
        metrics.dropped(d.tag());
        boolean connection = msg.flow().transport() != Transport.UDP;
        msg.release();
        if (connection && sources.bans().isBanned(msg.flow().remote().getAddress())) {
            ctx.channel().close(); // a banned peer keeps no connection
        }
    }
}
