package org.webtrunk.gateway.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FlowRegistryTest {
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final FlowRegistry registry = new FlowRegistry(2, new TransportMetrics(meters));

    @Test
    void flowsAreFoundByIdAndTokenUntilTheirChannelCloses() {
        List<Flow> closed = new ArrayList<>();
        registry.onClose(closed::add);
        EmbeddedChannel ch = new EmbeddedChannel();
        Flow flow = registry.open(Transport.WS, ch);
        assertNotNull(flow);
        assertSame(flow, FlowRegistry.flowOf(ch));
        String token = registry.tokenOf(flow).orElseThrow();
        assertTrue(token.matches("[0-9a-z]+-[0-9a-z]+"), token);
        assertEquals(Optional.of(flow), registry.byId(flow.id()));
        assertEquals(Optional.of(flow), registry.byToken(token));
        assertEquals(1.0, meters.get("webtrunk.connections.open").tag("transport", "ws").gauge().value());

        ch.close();
        assertEquals(List.of(flow), closed);
        assertEquals(Optional.empty(), registry.byId(flow.id()));
        assertEquals(Optional.empty(), registry.byToken(token));
        assertEquals(0, registry.size());
        assertEquals(0.0, meters.get("webtrunk.connections.open").tag("transport", "ws").gauge().value());
        assertEquals(1.0, meters.get("webtrunk.connections.closed").tag("transport", "ws").counter().count());
        assertFalse(ch.finish());
    }

    @Test
    void forgedOrMalformedTokensFindNothing() {
        EmbeddedChannel ch = new EmbeddedChannel();
        Flow flow = registry.open(Transport.TCP, ch);
        String token = registry.tokenOf(flow).orElseThrow();
        String id = token.substring(0, token.indexOf('-'));
        assertEquals(Optional.empty(), registry.byToken(id + "-0"));
        assertEquals(Optional.empty(), registry.byToken(id));
        assertEquals(Optional.empty(), registry.byToken("-"));
        assertEquals(Optional.empty(), registry.byToken("zzzzzzzzzzzzzzzzzz-1"));
        assertEquals(Optional.empty(), registry.byToken(null));
        ch.close();
        assertFalse(ch.finish());
    }

    @Test
    void theTableIsBounded() {
        EmbeddedChannel a = new EmbeddedChannel();
        EmbeddedChannel b = new EmbeddedChannel();
        EmbeddedChannel c = new EmbeddedChannel();
        assertNotNull(registry.open(Transport.TCP, a));
        assertNotNull(registry.open(Transport.TLS, b));
        assertNull(registry.open(Transport.WSS, c));
        assertEquals(1.0, meters.get("webtrunk.connections.refused").tag("reason", "flow-limit").counter().count());
        a.close();
        assertNotNull(registry.open(Transport.WSS, c), "a slot frees when a flow closes");
        b.close();
        c.close();
        assertEquals(0, registry.size());
        assertFalse(a.finish());
        assertFalse(b.finish());
        assertFalse(c.finish());
    }
}
