package org.webtrunk.gateway.transport;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.ssl.SslContext;
import java.net.InetSocketAddress;
import java.util.Objects;
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
    private final ListenerStages stages;
    private final ExceptionHandler exceptionHandler;
    /** The trunk this connection is opened to; null for an accepted connection. */
    private final InetSocketAddress connectTo;
    /** TLS to a trunk: the name sent as SNI and checked against its certificate ({@link TrunkTlsClients}). */
    private final String serverName;

    /** @param sslContext the server context for TLS, or null for TCP */
    public StreamChannelInitializer(SipListenerConfig config, SslContext sslContext, FlowRegistry flows,
                                    TransportMetrics metrics, ListenerStages stages) {
        this(config, sslContext, flows, metrics, stages, null, null);
    }

    /**
     * For a connection the gateway opens: the remote address is known before the channel connects, so the
     * flow is registered with it; accept guards (bans, per-address limits) do not apply to our own
     * connections, and a client {@code sslContext} verifies the trunk's certificate against {@code serverName}.
     */
    public StreamChannelInitializer(SipListenerConfig config, SslContext sslContext, FlowRegistry flows,
                                    TransportMetrics metrics, ListenerStages stages, InetSocketAddress connectTo,
                                    String serverName) {
        this.connectTo = connectTo;
        this.serverName = serverName;
        this.config = Objects.requireNonNull(config, "config");
        this.sslContext = sslContext;
        this.transport = sslContext == null ? Transport.TCP : Transport.TLS;
        this.flows = Objects.requireNonNull(flows, "flows");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.stages = Objects.requireNonNull(stages, "stages");
        this.exceptionHandler = new ExceptionHandler(metrics, transport, true);
    }

    @Override
    protected void initChannel(Channel ch) {
        Flow flow = connectTo == null ? flows.open(transport, ch) : flows.open(transport, ch, connectTo);
        if (flow == null) {
            ch.close();
            return;
        }
        ChannelPipeline p = ch.pipeline();
        if (connectTo == null) {
            stages.addAcceptGuards(p, transport);
        }
        addTlsHandlers(p, ch);
        addIdleHandlers(p);
        addFramingHandlers(p, flow);
        stages.addSipStage(p);
        addExceptionHandler(p);
    }

    private void addTlsHandlers(ChannelPipeline p, Channel ch) {
        if (sslContext != null) {
            p.addLast(ChannelHandlerNames.TLS, connectTo == null ? sslContext.newHandler(ch.alloc())
                    : sslContext.newHandler(ch.alloc(), serverName, connectTo.getPort()));
            p.addLast(ChannelHandlerNames.TLS_CLOSE, TlsCloseNotifyCloser.SHARED);
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
