package org.webtrunk.gateway.sip;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.webtrunk.gateway.transport.Flow;
import org.webtrunk.gateway.transport.Transport;

class MessageEditorTest {
    private static final UnpooledByteBufAllocator ALLOC = UnpooledByteBufAllocator.DEFAULT;
    private final Flow wss = TestMessages.detachedFlow(Transport.WSS);
    private final Flow udp = TestMessages.detachedFlow(Transport.UDP);

    @Test
    void withoutEditsEveryCorpusMessagePassesThroughByteForByte() {
        for (String dir : new String[] {"jssip", "sipp"}) {
            for (Map.Entry<String, byte[]> e : TestMessages.corpus(dir).entrySet()) {
                SipMessage m = TestMessages.decode(e.getValue(), wss);
                ByteBuf out = new MessageEditor(m).build(ALLOC);
                try {
                    assertArrayEquals(e.getValue(), ByteBufUtil.getBytes(out), dir + "/" + e.getKey());
                } finally {
                    out.release();
                    m.release();
                }
            }
        }
    }

    @Test
    void forwardingRewritesOnlyWhatItMust() {
        byte[] invite = TestMessages.corpus("jssip").get("invite");
        SipMessage m = TestMessages.decode(invite, wss);
        ByteBuf out = new MessageEditor(m)
                .requestUri("sip:+4930123456@198.51.100.7:5060")
                .prependHeader("Via: SIP/2.0/UDP 192.0.2.1:5060;branch=" + Via.GATEWAY_BRANCH_PREFIX + "1")
                .prependHeader("Record-Route: <sip:192.0.2.1:5060;r2=on;lr>")
                .prependHeader("Record-Route: <sip:192.0.2.1;transport=ws;r2=on;lr>")
                .removeHeaders(HeaderName.PROXY_AUTHORIZATION)
                .decrementMaxForwards(70)
                .topViaParams("192.0.2.99", -1)
                .build(ALLOC);
        byte[] forwarded = ByteBufUtil.getBytes(out);
        SipMessage f = SipMessage.decode(out, udp, 256, false);
        try {
            assertNull(f.failure());
            assertEquals("sip:+4930123456@198.51.100.7:5060", f.requestUri());
            assertEquals(Via.GATEWAY_BRANCH_PREFIX + "1", f.topVia().branch());
            var vias = f.headerValues(HeaderName.VIA);
            assertEquals(2, vias.size());
            assertEquals("SIP/2.0/WSS dq7m0k3ve2hb.invalid;branch=z9hG4bK3310592;received=192.0.2.99", vias.get(1));
            assertEquals(2, f.lineCount(HeaderName.RECORD_ROUTE));
            assertEquals(68, f.maxForwards());
            assertFalse(f.has(HeaderName.PROXY_AUTHORIZATION), "credentials are not forwarded");
            assertEquals(m.header(HeaderName.CONTACT), f.header(HeaderName.CONTACT));
            assertEquals(m.body().toString(StandardCharsets.UTF_8), f.body().toString(StandardCharsets.UTF_8));
            assertEquals(m.contentLength(), f.contentLength());
            assertTrue(new ReferenceParser().parse(forwarded).ok(), "jain-sip accepts the result");
        } finally {
            f.release();
            m.release();
        }
    }

    @Test
    void rportIsFilledInAndMaxForwardsAddedWhenMissing() {
        SipMessage m = TestMessages.decode("OPTIONS sip:bob@example.com SIP/2.0\n"
                + "Via: SIP/2.0/UDP 10.0.0.5:5060;rport;branch=z9hG4bKabc, SIP/2.0/UDP p.example.com;branch=z9hG4bKp\n"
                + "Call-ID: x\nContent-Length: 0\n\n", udp);
        ByteBuf out = new MessageEditor(m).topViaParams("192.0.2.99", 50123).decrementMaxForwards(70).build(ALLOC);
        try {
            String text = out.toString(StandardCharsets.UTF_8);
            assertTrue(text.contains("Via: SIP/2.0/UDP 10.0.0.5:5060;rport=50123;branch=z9hG4bKabc;received=192.0.2.99, SIP/2.0/UDP p.example.com;branch=z9hG4bKp\r\n"), text);
            assertTrue(text.contains("Max-Forwards: 70\r\n"), text);
        } finally {
            out.release();
            m.release();
        }
    }

    @Test
    void extraDatagramBytesAreDroppedAndContentLengthStaysRight() {
        SipMessage m = TestMessages.decode(TestMessages.corpus("rfc4475/valid").get("dblreq"), udp);
        ByteBuf out = new MessageEditor(m).build(ALLOC);
        try {
            String text = out.toString(StandardCharsets.UTF_8);
            assertTrue(text.endsWith("Content-Length: 0\r\n\r\n"), text);
            assertFalse(text.contains("INVITE"));
        } finally {
            out.release();
            m.release();
        }
    }

    @Test
    void contentLengthIsAddedWhenAbsent() {
        SipMessage m = TestMessages.decode("MESSAGE sip:bob@example.com SIP/2.0\nCall-ID: x\n\nhello", wss);
        ByteBuf out = new MessageEditor(m).build(ALLOC);
        try {
            assertEquals("MESSAGE sip:bob@example.com SIP/2.0\r\nCall-ID: x\r\nContent-Length: 5\r\n\r\nhello", out.toString(StandardCharsets.UTF_8));
        } finally {
            out.release();
            m.release();
        }
    }
}
