package org.webtrunk.gateway.transport;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.ssl.SslContext;
import java.util.Objects;
import java.util.function.Consumer;
import org.webtrunk.gateway.config.SipListenerConfig;

/**
 * A TCP or TLS connection's pipeline (RFC 3261 §18.3):
 * {@code [tls] → idle → sip-stream-framer → SIP stage → exception}.
 * The connection is registered in the {@link FlowRegistry} first and closed at once if the table is full.
 */
public final class StreamChannelInitializer extends ChannelInitializer<Channel> {
    private final Transport transport;
    private final SipListenerConfig config;
    private final SslContext sslContext;
    private final FlowRegistry flows;
    private final TransportMetrics metrics;
    private final Consumer<ChannelPipeline> sipStage;
    private final ExceptionHandler exceptionHandler;

    /** @param sslContext the server context for TLS, or null for TCP */
    public StreamChannelInitializer(SipListenerConfig config, SslContext sslContext, FlowRegistry flows,
                                    TransportMetrics metrics, Consumer<ChannelPipeline> sipStage) {
        this.config = Objects.requireNonNull(config, "config");
        this.sslContext = sslContext;
        this.transport = sslContext == null ? Transport.TCP : Transport.TLS;
        this.flows = Objects.requireNonNull(flows, "flows");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.sipStage = Objects.requireNonNull(sipStage, "sipStage");
        this.exceptionHandler = new ExceptionHandler(metrics, true);
    }

    @Override
    protected void initChannel(Channel ch) {
        Flow flow = flows.open(transport, ch);
        if (flow == null) {
            ch.close();
            return;
        }
        ChannelPipeline p = ch.pipeline();
        addTlsHandlers(p, ch);
        addIdleHandlers(p);
        addFramingHandlers(p, flow);
        sipStage.accept(p);
        addExceptionHandler(p);
    }

    private void addTlsHandlers(ChannelPipeline p, Channel ch) {
        if (sslContext != null) {
            p.addLast(ChannelHandlerNames.TLS, sslContext.newHandler(ch.alloc()));
        }
    }

    private void addIdleHandlers(ChannelPipeline p) {
        p.addLast(ChannelHandlerNames.IDLE, new IdleCloser(config.idleTimeout()));
    }

    private void addFramingHandlers(ChannelPipeline p, Flow flow) {
        p.addLast(ChannelHandlerNames.SIP_STREAM_FRAMER, new SipStreamFramer(flow, config.maxMessageBytes(), metrics));
    }

    private void addExceptionHandler(ChannelPipeline p) {
        p.addLast(ChannelHandlerNames.EXCEPTION, exceptionHandler);
    }
}
