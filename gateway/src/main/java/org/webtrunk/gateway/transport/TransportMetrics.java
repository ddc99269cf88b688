package org.webtrunk.gateway.transport;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The listeners' counters. Tag values come from small fixed sets (transports, refusal reasons, RFC 6455
 * close codes), so the number of series is bounded.
 */
public final class TransportMetrics {
    private final MeterRegistry registry;
    private final Map<Transport, Counter> accepted = new EnumMap<>(Transport.class);
    private final Map<Transport, Counter> closed = new EnumMap<>(Transport.class);
    private final Map<Transport, Counter> tooLarge = new EnumMap<>(Transport.class);

    public TransportMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (Transport t : Transport.values()) {
            accepted.put(t, Counter.builder("webtrunk.connections.accepted").tag("transport", t.uriParam())
                    .description("connections accepted").register(registry));
            closed.put(t, Counter.builder("webtrunk.connections.closed").tag("transport", t.uriParam())
                    .description("connections closed").register(registry));
            tooLarge.put(t, Counter.builder("webtrunk.frames.too.large").tag("transport", t.uriParam())
                    .description("SIP messages or frames over the listener's size limit").register(registry));
        }
    }

    public MeterRegistry registry() {
        return registry;
    }

    void openConnections(Transport transport, Supplier<Number> open) {
        Gauge.builder("webtrunk.connections.open", open).tag("transport", transport.uriParam())
                .description("connections open now").register(registry);
    }

    void accepted(Transport transport) {
        accepted.get(transport).increment();
    }

    void closed(Transport transport) {
        closed.get(transport).increment();
    }

    /** A connection turned away before any protocol ran, e.g. because the flow table is full. */
    void refused(Transport transport, String reason) {
        registry.counter("webtrunk.connections.refused", "transport", transport.uriParam(), "reason", reason)
                .increment();
    }

    void frameTooLarge(Transport transport) {
        tooLarge.get(transport).increment();
    }

    /**
     * An error that reached the end of a pipeline: {@code kind} is io (a read or write failed, e.g. a reset),
     * tls, decode or unexpected. Logged at debug except unexpected ones, so this is where operators see them.
     */
    void pipelineError(Transport transport, String kind) {
        registry.counter("webtrunk.transport.errors", "transport", transport.uriParam(), "kind", kind).increment();
    }

    /** A WebSocket upgrade refused; {@code reason} is one of a fixed set (path, origin, subprotocol, ...). */
    void handshakeRefused(String reason) {
        registry.counter("webtrunk.ws.handshake.refused", "reason", reason).increment();
    }

    /** A WebSocket close frame the server sent, by RFC 6455 §7.4.1 status code. */
    void closeSent(int code) {
        registry.counter("webtrunk.ws.close.sent", "code", Integer.toString(code)).increment();
    }
}
