package org.webtrunk.gateway.transport;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.webtrunk.gateway.config.WebSocketListenerConfig;

/**
 * A WS or WSS connection's pipeline (RFC 7118):
 * {@code [tls] → idle → http-codec → http-aggregator → ws-upgrade-guard → ws-close-counter → ws-utf8-validator
 * → ws-protocol → ws-handshake-timeout → ws-aggregator → ws-keepalive → ws-to-sip → SIP stage → exception}.
 * On upgrade Netty swaps the HTTP codec for its frame decoder and encoder.
 *
 * <p>Limits: the request line and headers are each bounded by the handshake size; one frame's declared
 * payload over the message limit is refused with 1009 before it is read; masked client frames only
 * (1002); valid UTF-8 in text frames (1007); a server-initiated close says 1001 (going away).
 */
public final class WebSocketChannelInitializer extends ChannelInitializer<Channel> {
    private final Transport transport;
    private final WebSocketListenerConfig config;
    private final SslContext sslContext;
    private final FlowRegistry flows;
    private final TransportMetrics metrics;
    private final ListenerStages stages;
    private final WebSocketServerProtocolConfig protocolConfig;
    private final ExceptionHandler exceptionHandler;
    private final WebSocketCloseCounter closeCounter;

    /** @param sslContext the server context for WSS, or null for WS */

    public WebSocketChannelInitializer(WebSocketListenerConfig config, SslContext sslContext, FlowRegistry flows,
                                       TransportMetrics metrics, ListenerStages stages) {
        this.config = Objects.requireNonNull(config, "config");
        this.sslContext = sslContext;
        this.transport = sslContext == null ? Transport.WS : Transport.WSS;
        this.flows = Objects.requireNonNull(flows, "flows");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.stages = Objects.requireNonNull(stages, "stages");
        this.exceptionHandler = new ExceptionHandler(metrics, transport, true);
        this.closeCounter = new WebSocketCloseCounter(metrics);
        this.protocolConfig = WebSocketServerProtocolConfig.newBuilder()
                .websocketPath(config.path())
                .checkStartsWith(true) // the guard has matched the exact path; this lets a query string through
                .subprotocols(WebSocketUpgradeGuard.SUBPROTOCOL)
                .handshakeTimeoutMillis(config.handshakeTimeout().toMillis())
                .forceCloseTimeoutMillis(config.handshakeTimeout().toMillis())
                .sendCloseFrame(WebSocketCloseStatus.ENDPOINT_UNAVAILABLE)
                .dropPongFrames(false)
                .decoderConfig(WebSocketDecoderConfig.newBuilder()
                        .maxFramePayloadLength(config.maxMessageBytes())
                        .expectMaskedFrames(true)
                        .allowMaskMismatch(false)
                        .allowExtensions(false)
                        .closeOnProtocolViolation(true)
                        .withUTF8Validator(true)
                        .build())
                .build();
    }

    @Override
    protected void initChannel(Channel ch) {
        Flow flow = flows.open(transport, ch);
        if (flow == null) {
            ch.close();
            return;
        }
        ChannelPipeline p = ch.pipeline();
        stages.addAcceptGuards(p, transport);
        addTlsHandlers(p, ch);
        addIdleHandlers(p);
        addHttpHandlers(p);
        stages.addHttpRoutes(p, transport);
        addUpgradeHandlers(p);
        addWebSocketHandlers(p, flow);
        stages.addSipStage(p);
        addExceptionHandler(p);
    }

    private void addTlsHandlers(ChannelPipeline p, Channel ch) {
        if (sslContext != null) {
            p.addLast(ChannelHandlerNames.TLS, sslContext.newHandler(ch.alloc()));
            p.addLast(ChannelHandlerNames.TLS_CLOSE, TlsCloseNotifyCloser.SHARED);
        }
    }

    /** Raw-byte idle detection: writer idle triggers a ping, reader idle the close (see WebSocketKeepAlive). */
    private void addIdleHandlers(ChannelPipeline p) {
        p.addLast(ChannelHandlerNames.IDLE, new IdleStateHandler(config.idleTimeout().toMillis(),
                config.pingInterval().toMillis(), 0, TimeUnit.MILLISECONDS));
    }

    private void addHttpHandlers(ChannelPipeline p) {
        int max = config.maxHandshakeBytes();
        p.addLast(ChannelHandlerNames.HTTP_CODEC, new HttpServerCodec(max, max, 8192));
        p.addLast(ChannelHandlerNames.HTTP_AGGREGATOR, new HttpObjectAggregator(max));
    }

    private void addUpgradeHandlers(ChannelPipeline p) {
        p.addLast(ChannelHandlerNames.WS_UPGRADE_GUARD,
                new WebSocketUpgradeGuard(config.path(), config.allowedOrigins(), metrics));
        p.addLast(ChannelHandlerNames.WS_CLOSE_COUNTER, closeCounter);
        p.addLast(ChannelHandlerNames.WS_UTF8_VALIDATOR, new AsciiFastUtf8FrameValidator());
        p.addLast(ChannelHandlerNames.WS_PROTOCOL, new WebSocketServerProtocolHandler(protocolConfig));
        stages.addAfterUpgrade(p);
        p.addLast(ChannelHandlerNames.WS_HANDSHAKE_TIMEOUT,
                new WebSocketHandshakeTimeout(config.handshakeTimeout(), metrics));
    }

    private void addWebSocketHandlers(ChannelPipeline p, Flow flow) {
        p.addLast(ChannelHandlerNames.WS_AGGREGATOR,
                new SipWebSocketFrameAggregator(config.maxMessageBytes(), transport, metrics));
        p.addLast(ChannelHandlerNames.WS_KEEPALIVE, new WebSocketKeepAlive());
        p.addLast(ChannelHandlerNames.WS_TO_SIP, new WebSocketToSipFrameDecoder(flow));
    }

    private void addExceptionHandler(ChannelPipeline p) {
        p.addLast(ChannelHandlerNames.EXCEPTION, exceptionHandler);
    }
}
