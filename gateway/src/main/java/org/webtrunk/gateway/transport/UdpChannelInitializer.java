package org.webtrunk.gateway.transport;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import java.util.Objects;
import org.webtrunk.gateway.config.SipListenerConfig;

/**
 * The UDP listener's pipeline: datagram → {@link SipFrame} → SIP stage → exception handler.
 * The one channel serves every peer, so errors never close it.
 */
public final class UdpChannelInitializer extends ChannelInitializer<Channel> {
    /** Bound on remembered UDP peers (flows reused per sender address). */
    static final int MAX_CACHED_UDP_FLOWS = 65_536;

    private final SipListenerConfig config;
    private final TransportMetrics metrics;
    private final ListenerStages stages;


    public UdpChannelInitializer(SipListenerConfig config, TransportMetrics metrics, ListenerStages stages) {
        this.config = Objects.requireNonNull(config, "config");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.stages = Objects.requireNonNull(stages, "stages");
    }

    @Override
    protected void initChannel(Channel ch) {
        ChannelPipeline p = ch.pipeline();
        stages.addDatagramGuards(p);
        addFramingHandlers(p);
        stages.addSipStage(p);
        addExceptionHandler(p);
    }

    private void addFramingHandlers(ChannelPipeline p) {
        p.addLast(ChannelHandlerNames.SIP_DATAGRAM_DECODER,
                new SipDatagramDecoder(config.maxMessageBytes(), MAX_CACHED_UDP_FLOWS, metrics));
    }

    private void addExceptionHandler(ChannelPipeline p) {
        p.addLast(ChannelHandlerNames.EXCEPTION, new ExceptionHandler(metrics, Transport.UDP, false));
    }
}
