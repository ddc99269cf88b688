package org.webtrunk.gateway.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.webtrunk.gateway.transport.Transport;

/** The whole SIP stage on one EmbeddedChannel, as a listener pipeline ends. */
class SipChannelHandlersTest {

    @Test
    void handlersAreAddedInOrderUnderTheirNames() {
        try (PipelineHarness h = new PipelineHarness(Transport.TCP)) {
            List<String> names = h.channel.pipeline().names();
            assertEquals(List.of(SipHandlerNames.DECODER, SipHandlerNames.SANITY, SipHandlerNames.LOCAL, SipHandlerNames.REPLY_WRITER),
                    names.subList(0, 4));
            assertFalse(h.finish());
        }
    }

    @Test
    void jsSipMessagesOverWebSocketGetTheirAnswers() {
        try (PipelineHarness h = new PipelineHarness(Transport.TCP)) {
            Map<String, byte[]> jssip = TestMessages.corpus("jssip");
            String ok = h.send(jssip.get("options"));
            assertTrue(ok.startsWith("SIP/2.0 200 OK\r\n"), ok);
            assertTrue(ok.contains("\r\nServer: WebTrunk\r\n"));
            assertTrue(h.send(jssip.get("invite")).startsWith("SIP/2.0 501 Not Implemented\r\n"));
            assertNull(h.send(jssip.get("ack")), "ACK is never answered");
            assertNull(h.send(jssip.get("response-200-register")), "no client transaction to match yet");
            assertEquals(2.0, h.count("webtrunk.sip.dropped", "reason", "ack") + h.count("webtrunk.sip.dropped", "reason", "stray-response"));
            assertFalse(h.finish());
        }
    }

    @Test
    void failedChecksAreAnsweredCountedAndOversizedGets513() {
        try (PipelineHarness h = new PipelineHarness(Transport.TCP)) {
            String reply = h.send(TestMessages.request("INVITE", "sip:bob@example.com", "Proxy-Require: foo, sec-agree"));
            assertTrue(reply.startsWith("SIP/2.0 420 Bad Extension\r\n"), reply);
            assertTrue(reply.contains("\r\nUnsupported: foo, sec-agree\r\n"), reply);
            assertEquals(1.0, h.count("webtrunk.sip.rejected", "check", "proxy-require"));
            assertTrue(h.send(TestMessages.wire(TestMessages.request("INVITE", "sip:bob@example.com")), true)
                    .startsWith("SIP/2.0 513 Message Too Large\r\n"));
            assertFalse(h.finish());
        }
    }

    @Test
    void aLaterStageReplacesThePlaceholder() {
        try (PipelineHarness h = new PipelineHarness(Transport.TCP)) {
            h.channel.pipeline().replace(SipHandlerNames.LOCAL, "proxy", new SimpleChannelInboundHandler<SipMessage>() {
                @Override
                protected void channelRead0(ChannelHandlerContext ctx, SipMessage msg) {
                    ctx.fireChannelRead(SipReply.of(msg.retain(), 486, "Busy Here", List.of()));
                }
            });
            assertTrue(h.send(TestMessages.corpus("jssip").get("invite")).startsWith("SIP/2.0 486 Busy Here\r\n"));
            assertFalse(h.finish());
        }
    }
}
