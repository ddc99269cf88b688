package org.webtrunk.gateway.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.webtrunk.gateway.transport.Flow;
import org.webtrunk.gateway.transport.Transport;

class SipResponseBuilderTest {
    private final SipResponseBuilder builder = new SipResponseBuilder("WebTrunk");
    private final Flow wss = TestMessages.detachedFlow(Transport.WSS);

    private String reply(SipMessage m, int status, String reason, List<String> extra) {
        ByteBuf out = builder.build(m, status, reason, extra, UnpooledByteBufAllocator.DEFAULT);
        try {
            String text = out.toString(StandardCharsets.UTF_8);
            assertTrue(new ReferenceParser().parse(ByteBufUtil.getBytes(out)).ok(), "jain-sip accepts: " + text);
            return text;
        } finally {
            out.release();
        }
    }

    @Test
    void copiesTransactionHeadersAndMarksTheSource() {
        SipMessage m = TestMessages.decode(TestMessages.corpus("jssip").get("register"), wss);
        try {
            String text = reply(m, 420, "Bad Extension", List.of("Unsupported: foo"));
            List<String> lines = TestMessages.lines(text);
            assertEquals("SIP/2.0 420 Bad Extension", lines.get(0));
            assertEquals("Via: SIP/2.0/WSS dq7m0k3ve2hb.invalid;branch=z9hG4bK7581234;received=192.0.2.99", lines.get(1));
            assertEquals("From: \"Alice\" <sip:1767225600:alice@tenant1.webtrunk.example>;tag=k2vjt0pq7e", lines.get(2));
            assertTrue(lines.get(3).matches("To: <sip:1767225600:alice@tenant1\\.webtrunk\\.example>;tag=wt[0-9a-f]+"), lines.get(3));
            assertEquals("Call-ID: 3m8chqh1t0ug4s2r1b9k", lines.get(4));
            assertEquals("CSeq: 12 REGISTER", lines.get(5));
            assertEquals("Unsupported: foo", lines.get(6));
            assertEquals("Server: WebTrunk", lines.get(7));
            assertEquals("Content-Length: 0", lines.get(8));
            assertEquals(reply(m, 420, "Bad Extension", List.of("Unsupported: foo")), text, "a retransmission gets the same To tag");
        } finally {
            m.release();
        }
    }

    @Test
    void compactPaddedAndFoldedHeadersAreCopiedAsTheirValues() {
        String text = "OPTIONS sip:bob@example.com SIP/2.0\r\n"
                + "v: SIP/2.0/UDP pc33.example.com;branch=z9hG4bKnashds8\r\n"
                + "Max-Forwards: 70\r\n"
                + "t:   <sip:bob@example.com>  \r\n"
                + "f: \"Alice\"\r\n <sip:alice@example.com>\r\n\t;tag=1928301774\r\n"
                + "i:\ta84b4c76e66710\r\n"
                + "CSeq:63104 OPTIONS\r\n"
                + "l: 0\r\n\r\n";
        SipMessage m = TestMessages.decode(text.getBytes(StandardCharsets.US_ASCII), wss);
        try {
            List<String> lines = TestMessages.lines(reply(m, 200, "OK", List.of()));
            assertEquals("From: \"Alice\" <sip:alice@example.com> ;tag=1928301774", lines.get(2), "folding is one SP");
            assertTrue(lines.get(3).matches("To: <sip:bob@example\\.com>;tag=wt[0-9a-f]+"), lines.get(3));
            assertEquals("Call-ID: a84b4c76e66710", lines.get(4));
            assertEquals("CSeq: 63104 OPTIONS", lines.get(5));
        } finally {
            m.release();
        }
    }

    @Test
    void rportAndAllViasInOrder() {
        SipMessage m = TestMessages.decode(TestMessages.request("BYE", "sip:bob@example.com",
                "Via: SIP/2.0/UDP p1.example.com;branch=z9hG4bKp1", "Via: SIP/2.0/UDP p2.example.com;branch=z9hG4bKp2"), wss);
        try {
            List<String> lines = TestMessages.lines(reply(m, 200, "OK", List.of()));
            assertEquals("Via: SIP/2.0/WSS df7jal23ls0d.invalid;branch=z9hG4bK776asdhds;rport=50123;received=192.0.2.99", lines.get(1));
            assertEquals("Via: SIP/2.0/UDP p1.example.com;branch=z9hG4bKp1", lines.get(2));
            assertEquals("Via: SIP/2.0/UDP p2.example.com;branch=z9hG4bKp2", lines.get(3));
        } finally {
            m.release();
        }
    }

    @Test
    void existingToTagIsKeptAnd100GetsNone() {
        SipMessage tagged = TestMessages.decode(TestMessages.corpus("jssip").get("bye"), wss);
        SipMessage untagged = TestMessages.decode(TestMessages.corpus("jssip").get("options"), wss);
        try {
            assertTrue(reply(tagged, 481, "Call/Transaction Does Not Exist", List.of())
                    .contains("To: <sip:+4930123456@tenant1.webtrunk.example>;tag=as5f3e2d1c\r\n"));
            assertTrue(reply(untagged, 100, "Trying", List.of()).contains("To: <sip:tenant1.webtrunk.example>\r\n"));
        } finally {
            tagged.release();
            untagged.release();
        }
    }

    @Test
    void ackAndViaLessRequestsCannotBeAnswered() {
        SipMessage ack = TestMessages.decode(TestMessages.corpus("jssip").get("ack"), wss);
        SipMessage noVia = TestMessages.decode("OPTIONS sip:a@b SIP/2.0\nCall-ID: x\n\n", wss);
        SipMessage response = TestMessages.decode(TestMessages.corpus("sipp").get("uas-200"), wss);
        try {
            assertFalse(SipResponseBuilder.answerable(ack));
            assertFalse(SipResponseBuilder.answerable(noVia));
            assertFalse(SipResponseBuilder.answerable(response));
            assertNull(noVia.topViaText());
        } finally {
            ack.release();
            noVia.release();
            response.release();
        }
    }
}
