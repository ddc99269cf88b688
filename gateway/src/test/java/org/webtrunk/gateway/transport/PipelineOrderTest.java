package org.webtrunk.gateway.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each listener's pipeline, in order; the exception handler is always last. */
class PipelineOrderTest {
    private static final String HANDSHAKER = "io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandshakeHandler";
    private final TransportMetrics metrics = new TransportMetrics(new SimpleMeterRegistry());
    private final FlowRegistry flows = new FlowRegistry(10, metrics);
    private final OptionsResponder sip = new OptionsResponder();

    private static List<String> names(ChannelInitializer<?> initializer) {
        EmbeddedChannel ch = new EmbeddedChannel(initializer);
        try {
            return ch.pipeline().names().stream().filter(n -> !n.startsWith("DefaultChannelPipeline$")).toList();
        } finally {
            ch.finishAndReleaseAll();
        }
    }

    private static SslContext serverTls() throws Exception {
        SelfSignedCertificates.KeyAndChain kc = SelfSignedCertificates.generate();
        return SslContextBuilder.forServer(kc.key(), kc.chain()).build();
    }

    @Test
    void udp() {
        assertEquals(List.of("sip-datagram-decoder", "test-sip-stage", "exception"),
                names(new UdpChannelInitializer(TestConfigs.sip(65535, null), metrics, sip::addTo)));
    }

    @Test
    void tcp() {
        assertEquals(List.of("idle", "sip-stream-framer", "test-sip-stage", "exception"),
                names(new StreamChannelInitializer(TestConfigs.sip(65535, null), null, flows, metrics, sip::addTo)));
    }

    @Test
    void tls() throws Exception {
        assertEquals(List.of("tls", "tls-close", "idle", "sip-stream-framer", "test-sip-stage", "exception"),
                names(new StreamChannelInitializer(TestConfigs.sip(65535, null), serverTls(), flows, metrics, sip::addTo)));
    }

    @Test
    void ws() {
        assertEquals(List.of("idle", "http-codec", "http-aggregator", "ws-upgrade-guard", "ws-close-counter",
                        "ws-utf8-validator", HANDSHAKER, "ws-protocol", "ws-handshake-timeout", "ws-aggregator", "ws-keepalive",
                        "ws-to-sip", "test-sip-stage", "exception"),
                names(new WebSocketChannelInitializer(TestConfigs.ws(List.of(), Duration.ofSeconds(5), null), null,
                        flows, metrics, sip::addTo)));
    }

    @Test
    void wss() throws Exception {
        assertEquals(List.of("tls", "tls-close", "idle", "http-codec", "http-aggregator", "ws-upgrade-guard", "ws-close-counter",
                        "ws-utf8-validator", HANDSHAKER, "ws-protocol", "ws-handshake-timeout", "ws-aggregator", "ws-keepalive",
                        "ws-to-sip", "test-sip-stage", "exception"),
                names(new WebSocketChannelInitializer(TestConfigs.ws(List.of(), Duration.ofSeconds(5), null), serverTls(),
                        flows, metrics, sip::addTo)));
    }

    @Test
    void aConnectionBeyondTheFlowLimitIsClosedWithoutAPipeline() {
        FlowRegistry full = new FlowRegistry(1, new TransportMetrics(new SimpleMeterRegistry()));
        EmbeddedChannel first = new EmbeddedChannel(
                new StreamChannelInitializer(TestConfigs.sip(65535, null), null, full, metrics, sip::addTo));
        EmbeddedChannel second = new EmbeddedChannel(
                new StreamChannelInitializer(TestConfigs.sip(65535, null), null, full, metrics, sip::addTo));
        assertFalse(second.isActive());
        first.close();
        assertFalse(first.finish());
        assertFalse(second.finish());
    }
}
