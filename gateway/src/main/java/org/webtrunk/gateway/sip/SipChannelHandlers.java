package org.webtrunk.gateway.sip;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.ChannelPipeline;
import java.util.EnumSet;
import java.util.Set;
import org.webtrunk.gateway.config.SipConfig;
import org.webtrunk.gateway.sanity.SanityCheck;
import org.webtrunk.gateway.sanity.SanityHandler;

/**
 * The SIP stage every listener appends after its framing (which emits {@code SipFrame}s):
 * <pre>
 * sipDecoder (SipFrame → SipMessage) → sipSanity (named checks) → sipLocal (placeholder) → sipReplyWriter
 * </pre>
 * Stages that refuse or answer a request fire a {@link SipReply}; {@link SipReplyWriter}, always last,
 * writes it. A later stage (rate limit, auth, proxy) plugs in before {@link SipHandlerNames#REPLY_WRITER}
 * and passes on what it does not consume, e.g.
 * {@code pipeline.replace(SipHandlerNames.LOCAL, "proxy", proxyHandler)}.
 *
 * <p>All handlers here are stateless or thread-safe and {@code @Sharable}; one set serves every channel,
 * including the single UDP channel shared by all peers.
 */
public final class SipChannelHandlers {
    private final SipMetrics metrics;
    private final SipMessageDecoder decoder;
    private final SanityHandler sanity;
    private final LocalRequestHandler local;
    private final SipReplyWriter writer;

    public SipChannelHandlers(SipConfig sipConfig, MeterRegistry registry) {
        this(sipConfig, registry, EnumSet.allOf(SanityCheck.class), Set.of());
    }

    /**
     * @param checks          the sanity checks to run (Kamailio sanity's {@code default_checks}, as an EnumSet)
     * @param proxyExtensions option tags the gateway supports in Proxy-Require (RFC 3261 §20.29)
     */
    public SipChannelHandlers(SipConfig sipConfig, MeterRegistry registry, Set<SanityCheck> checks,
                              Set<String> proxyExtensions) {
        this.metrics = new SipMetrics(registry);
        RejectLog log = new RejectLog(sipConfig.logRejectsPerMinute());
        this.decoder = new SipMessageDecoder(sipConfig.maxHeaderCount(), metrics);
        this.sanity = new SanityHandler(checks, proxyExtensions, metrics, log);
        this.local = new LocalRequestHandler(metrics);
        this.writer = new SipReplyWriter(new SipResponseBuilder(sipConfig.serverName()), metrics);
    }

    public SipMetrics metrics() {
        return metrics;
    }

    /** Appends the SIP stage to {@code pipeline} under the names in {@link SipHandlerNames}. */
    public void addTo(ChannelPipeline pipeline) {
        pipeline.addLast(SipHandlerNames.DECODER, decoder);
        pipeline.addLast(SipHandlerNames.SANITY, sanity);
        pipeline.addLast(SipHandlerNames.LOCAL, local);
        pipeline.addLast(SipHandlerNames.REPLY_WRITER, writer);
    }
}
