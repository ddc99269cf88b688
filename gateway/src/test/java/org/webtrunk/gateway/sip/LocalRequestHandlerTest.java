package org.webtrunk.gateway.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;
import org.webtrunk.gateway.transport.Flow;
import org.webtrunk.gateway.transport.Transport;

class LocalRequestHandlerTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final EmbeddedChannel channel = new EmbeddedChannel(new LocalRequestHandler(new SipMetrics(registry)));
    private final Flow flow = TestMessages.flow(Transport.WSS, channel);

    @Test
    void optionsGets200WithCapabilities() {
        channel.writeInbound(TestMessages.decode(TestMessages.corpus("jssip").get("options"), flow));
        SipReply reply = channel.readInbound();
        try {
            assertEquals(200, reply.status());
            assertNull(reply.rejectedBy());
            assertTrue(reply.headers().stream().anyMatch(h -> h.startsWith("Allow: ")));
            assertTrue(reply.headers().stream().anyMatch(h -> h.startsWith("Supported: ")));
            assertTrue(reply.headers().stream().anyMatch(h -> h.startsWith("Accept: ")));
        } finally {
            reply.release();
        }
        assertFalse(channel.finish());
    }

    @Test
    void otherRequestsGet501() {
        channel.writeInbound(TestMessages.decode(TestMessages.corpus("jssip").get("register"), flow));
        SipReply reply = channel.readInbound();
        try {
            assertEquals(501, reply.status());
            assertEquals("Not Implemented", reply.reason());
        } finally {
            reply.release();
        }
        assertFalse(channel.finish());
    }

    @Test
    void acksAndResponsesAreDroppedAndCounted() {
        SipMessage ack = TestMessages.decode(TestMessages.corpus("jssip").get("ack"), flow);
        SipMessage response = TestMessages.decode(TestMessages.corpus("sipp").get("uas-180"), flow);
        channel.writeInbound(ack, response);
        assertNull(channel.readInbound());
        assertEquals(0, ack.refCnt());
        assertEquals(0, response.refCnt());
        assertEquals(1.0, registry.find("webtrunk.sip.dropped").tag("reason", "ack").counter().count());
        assertEquals(1.0, registry.find("webtrunk.sip.dropped").tag("reason", "stray-response").counter().count());
        assertFalse(channel.finish());
    }
}
