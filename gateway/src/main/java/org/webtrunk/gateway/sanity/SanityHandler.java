package org.webtrunk.gateway.sanity;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import java.util.List;
import java.util.Set;
import org.webtrunk.gateway.sip.DecodeFailure;
import org.webtrunk.gateway.sip.RejectLog;
import org.webtrunk.gateway.sip.SipMessage;
import org.webtrunk.gateway.sip.SipMetrics;
import org.webtrunk.gateway.sip.SipReply;
import org.webtrunk.gateway.sip.SipResponseBuilder;

/**
 * The sanity stage: a message the decoder marked as failed, or that fails a {@link SanityCheck}, is
 * counted per check ({@code webtrunk_sip_rejected_total{check}}), logged at a bounded rate per source,
 * and answered with the check's own status and reason (a {@link SipReply} fired down the pipeline).
 * Responses, ACKs and requests without a usable Via cannot be answered: they are dropped and counted.
 * Messages that pass go on unchanged. Stateless apart from thread-safe collaborators; {@link Sharable}.
 */
@Sharable
public final class SanityHandler extends SimpleChannelInboundHandler<SipMessage> {
    private final SanityChecks checks;
    private final SipMetrics metrics;
    private final RejectLog log;

    public SanityHandler(Set<SanityCheck> enabled, Set<String> proxyExtensions, SipMetrics metrics, RejectLog log) {
        super(SipMessage.class, false);
        this.checks = new SanityChecks(enabled, proxyExtensions);
        this.metrics = metrics;
        this.log = log;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, SipMessage msg) {
        DecodeFailure failure = msg.failure();
        if (failure != null) {
            reject(ctx, msg, failure.status(), failure.reason(), List.of(), failure.tag());
            return;
        }
        SanityFailure f = checks.check(msg);
        if (f == null) {
            ctx.fireChannelRead(msg);
            return;
        }
        reject(ctx, msg, f.status(), f.reason(), f.headers(), f.check().tag());
    }

    private void reject(ChannelHandlerContext ctx, SipMessage msg, int status, String reason, List<String> headers, String tag) {
        metrics.rejected(tag);
        if (!SipResponseBuilder.answerable(msg)) {
            metrics.dropped(tag);
            log.log(msg, "dropped, check " + tag + " failed (" + status + " " + reason + ")");
            msg.release();
            return;
        }
        log.log(msg, "answered " + status + " " + reason + " (check " + tag + ")");
        ctx.fireChannelRead(SipReply.reject(msg, status, reason, headers, tag));
    }
}
