package org.webtrunk.gateway.sanity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.webtrunk.gateway.sip.RejectLog;
import org.webtrunk.gateway.sip.SipMessage;
import org.webtrunk.gateway.sip.SipMetrics;
import org.webtrunk.gateway.sip.SipReply;
import org.webtrunk.gateway.sip.TestMessages;
import org.webtrunk.gateway.transport.Flow;
import org.webtrunk.gateway.transport.Transport;

class SanityHandlerTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final EmbeddedChannel channel = new EmbeddedChannel(new SanityHandler(EnumSet.allOf(SanityCheck.class), Set.of(),
            new SipMetrics(registry), new RejectLog(10)));
    private final Flow flow = TestMessages.flow(Transport.WSS, channel);

    @Test
    void passesGoodMessagesOnUnchanged() {
        SipMessage m = TestMessages.decode(TestMessages.corpus("jssip").get("invite"), flow);
        channel.writeInbound(m);
        SipMessage out = channel.readInbound();
        assertSame(m, out);
        out.release();
        assertFalse(channel.finish());
    }

    @Test
    void failedCheckBecomesARejectionCarryingItsCheck() {
        channel.writeInbound(TestMessages.decode(TestMessages.corpus("rfc4475/invalid").get("mismatch01"), flow));
        SipReply reply = channel.readInbound();
        try {
            assertEquals(400, reply.status());
            assertEquals("CSeq Method Mismatch", reply.reason());
            assertEquals("cseq-method", reply.rejectedBy());
            assertEquals(1.0, registry.find("webtrunk.sip.rejected").tag("check", "cseq-method").counter().count());
        } finally {
            reply.release();
        }
        assertFalse(channel.finish());
    }

    @Test
    void decodeFailureIsAnsweredToo() {
        channel.writeInbound(TestMessages.decode(TestMessages.corpus("rfc4475/invalid").get("lwsstart"), flow));
        SipReply reply = channel.readInbound();
        try {
            assertEquals("Bad Request Line", reply.reason());
            assertEquals("decode-start-line", reply.rejectedBy());
        } finally {
            reply.release();
        }
        assertFalse(channel.finish());
    }

    @Test
    void brokenResponsesAndAcksAreDroppedAndCounted() {
        SipMessage response = TestMessages.decode(TestMessages.corpus("rfc4475/invalid").get("scalarlg"), flow);
        SipMessage badAck = TestMessages.decode(new String(TestMessages.corpus("jssip").get("ack"), java.nio.charset.StandardCharsets.UTF_8)
                .replace("CSeq: 6105 ACK", "CSeq: 6105 INVITE").getBytes(java.nio.charset.StandardCharsets.UTF_8), flow);
        channel.writeInbound(response, badAck);
        assertNull(channel.readInbound());
        assertEquals(0, response.refCnt());
        assertEquals(0, badAck.refCnt());
        assertEquals(1.0, registry.find("webtrunk.sip.dropped").tag("reason", "cseq").counter().count());
        assertEquals(1.0, registry.find("webtrunk.sip.dropped").tag("reason", "cseq-method").counter().count());
        assertFalse(channel.finish());
    }
}
