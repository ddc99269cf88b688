package org.webtrunk.gateway.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.AdaptiveByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.webtrunk.gateway.transport.Flow;
import org.webtrunk.gateway.transport.Transport;

class SipMessageTest {
    private final Flow wss = TestMessages.detachedFlow(Transport.WSS);
    private final Flow udp = TestMessages.detachedFlow(Transport.UDP);

    @Test
    void contactsAreSplitAndParsedOnceWithMalformedValuesAsNull() {
        SipMessage m = TestMessages.decode(("REGISTER sip:gw.example SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK-1\r\nMax-Forwards: 70\r\n"
                + "From: <sip:a@gw.example>;tag=1\r\nTo: <sip:a@gw.example>\r\nCall-ID: c1\r\nCSeq: 1 REGISTER\r\n"
                + "Contact: <sip:a@10.0.0.1>;expires=60, \"A, B\" <sip:b@10.0.0.1>\r\nContact: <sip:broken\r\n"
                + "Content-Length: 0\r\n\r\n").getBytes(StandardCharsets.UTF_8), udp);
        try {
            List<NameAddr> contacts = m.contacts();
            assertEquals(3, contacts.size(), "a comma inside quotes does not split: " + m.contactValues());
            assertEquals("60", contacts.get(0).params().get("expires"));
            assertEquals("sip:b@10.0.0.1", contacts.get(1).uri().raw());
            assertNull(contacts.get(2));
            assertTrue(contacts == m.contacts(), "parsed once, shared by sanity and the registrar");
        } finally {
            m.release();
        }
    }

    @Test
    void readsJsSipRegisterWithOutboundContact() {
        SipMessage m = TestMessages.decode(TestMessages.corpus("jssip").get("register"), wss);
        try {
            assertNull(m.failure());
            assertTrue(m.isRequest());
            assertEquals("REGISTER", m.method());
            assertEquals("sip:tenant1.webtrunk.example", m.requestUri());
            assertEquals("3m8chqh1t0ug4s2r1b9k", m.callId());
            assertEquals(new CSeq(12, "REGISTER"), m.cseq());
            assertEquals("k2vjt0pq7e", m.fromTag());
            assertNull(m.toTag());
            assertEquals(69, m.maxForwards());
            assertEquals(0, m.contentLength());
            Via via = m.topVia();
            assertEquals("WSS", via.transport());
            assertEquals("dq7m0k3ve2hb.invalid", via.host());
            assertEquals("z9hG4bK7581234", via.branch());
            NameAddr contact = NameAddr.parse(m.header(HeaderName.CONTACT));
            assertEquals("ws", contact.uri().param("transport"));
            assertEquals("", contact.uri().param("ob"));
            assertEquals("1", contact.params().get("reg-id"));
            assertEquals("\"<urn:uuid:5b2f1c1e-8d4f-4a3b-9d59-1f0e7c2a4b6d>\"", contact.params().get("+sip.instance"));
            assertEquals("", contact.params().get("+sip.ice"));
            assertEquals("600", contact.params().get("expires"));
            assertEquals(List.of("path", "gruu", "outbound"), m.headerValues(HeaderName.SUPPORTED));
        } finally {
            m.release();
        }
    }

    @Test
    void compactFormsFoldedLinesAndMultiValueHeaders() {
        SipMessage m = TestMessages.decode(TestMessages.corpus("jssip").get("compact-folded"), wss);
        try {
            assertNull(m.failure());
            assertEquals("cpt8s0q2l5n7x1z3", m.callId());
            assertEquals("c0mp4ct", m.fromTag());
            assertEquals("Alice, the \\\"first\\\"", m.from().displayName());
            List<String> vias = m.headerValues(HeaderName.VIA);
            assertEquals(2, vias.size());
            assertEquals("z9hG4bK4471002", m.topVia().branch());
            List<String> contacts = m.headerValues(HeaderName.CONTACT);
            assertEquals(2, contacts.size(), "comma inside <> or quotes does not split; folded line continues the value");
            assertEquals("<sip:u5ssdj7h@other.invalid;transport=ws>;q=0.5", contacts.get(1));
            assertEquals(List.of("path", "gruu", "outbound"), m.headerValues(HeaderName.SUPPORTED));
            assertEquals("text/plain", m.header("Content-Type"));
            assertEquals("hello", m.header("Subject"));
            assertEquals("presence", m.header(HeaderName.EVENT));
            assertEquals("120;refresher=uac", m.header(HeaderName.SESSION_EXPIRES));
            assertEquals("<sip:carol@tenant1.webtrunk.example>", m.header("Refer-To"));
            assertEquals("<sip:alice@tenant1.webtrunk.example>", m.header(HeaderName.REFERRED_BY));
            assertEquals("identity", m.header(HeaderName.CONTENT_ENCODING));
            assertEquals(List.of("talk", "hold"), m.headerValues(HeaderName.ALLOW_EVENTS));
            assertTrue(m.header(HeaderName.IDENTITY).startsWith("eyJ"));
            assertEquals(11, m.contentLength());
            assertEquals("Hello, Bob!", m.body().toString(StandardCharsets.UTF_8));
        } finally {
            m.release();
        }
    }

    @Test
    void tortuousInviteValues() {
        SipMessage m = TestMessages.decode(TestMessages.corpus("rfc4475/valid").get("wsinv"), udp);
        try {
            assertNull(m.failure());
            assertEquals(68, m.maxForwards());
            assertEquals(new CSeq(9, "INVITE"), m.cseq());
            assertEquals("1918181833n", m.toTag());
            assertEquals("98asjd8", m.fromTag());
            assertEquals("390skdjuw", m.topVia().branch());
            assertEquals("SIP/2.0", m.topVia().protocol());
            assertEquals("UDP", m.topVia().transport());
            assertEquals(3, m.headerValues(HeaderName.VIA).size());
            assertEquals("newfangled value continued newfangled value", m.header("newfangledheader"));
            assertEquals("", m.header(HeaderName.SUBJECT));
            assertEquals(150, m.body().readableBytes());
        } finally {
            m.release();
        }
    }

    @Test
    void responseStartLine() {
        SipMessage m = TestMessages.decode("SIP/2.0 180 Ringing\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\n\n", udp);
        try {
            assertFalse(m.isRequest());
            assertEquals(180, m.statusCode());
            assertEquals("Ringing", m.reason());
            assertNull(m.method());
            assertEquals(SipMessage.ABSENT, m.contentLength());
        } finally {
            m.release();
        }
    }

    @Test
    void numbersReportAbsentAndInvalid() {
        SipMessage m = TestMessages.decode("OPTIONS sip:a@b SIP/2.0\nMax-Forwards: 256\nl: x\n\n", udp);
        try {
            assertEquals(SipMessage.INVALID, m.maxForwards());
            assertEquals(SipMessage.INVALID, m.contentLength());
        } finally {
            m.release();
        }
    }

    @Test
    void udpBodyIsCutAtContentLength() {
        SipMessage m = TestMessages.decode(TestMessages.corpus("rfc4475/valid").get("dblreq"), udp);
        try {
            assertEquals(0, m.body().readableBytes(), "RFC 3261 §18.3: octets after Content-Length are discarded");
            assertTrue(m.receivedBodyLength() > 0);
        } finally {
            m.release();
        }
    }

    @Test
    void decodeFailuresAreMarkedNotThrown() {
        assertFailure("INVITE  sip:a@b SIP/2.0\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\n\n", DecodeFailure.START_LINE);
        assertFailure("SIP/2.0 42 Odd\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\n\n", DecodeFailure.START_LINE);
        assertFailure("OPTIONS sip:a@b SIP/2.0\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\nno colon here\n\n", DecodeFailure.HEADER_LINE);
        assertFailure("OPTIONS sip:a@b SIP/2.0\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\n", DecodeFailure.INCOMPLETE);
        assertFailure("garbage", DecodeFailure.START_LINE);
        assertFailure("", DecodeFailure.START_LINE);
        StringBuilder many = new StringBuilder("OPTIONS sip:a@b SIP/2.0\n");
        for (int i = 0; i < 300; i++) {
            many.append("X-H").append(i).append(": v\n");
        }
        assertFailure(many.append('\n').toString(), DecodeFailure.TOO_MANY_HEADERS);
    }

    @Test
    void headerLineErrorKeepsTheOtherHeadersForTheReply() {
        SipMessage m = TestMessages.decode("OPTIONS sip:a@b SIP/2.0\nbroken\nCall-ID: abc\n\n", udp);
        try {
            assertEquals(DecodeFailure.HEADER_LINE, m.failure());
            assertEquals("abc", m.callId());
        } finally {
            m.release();
        }
    }

    @Test
    void oversizedFrameIsMarked() {
        SipMessage m = SipMessage.decode(Unpooled.wrappedBuffer(TestMessages.wire(TestMessages.request("INVITE", "sip:b@c"))), udp, 256, true);
        try {
            assertEquals(DecodeFailure.OVERSIZED, m.failure());
            assertEquals(513, m.failure().status());
        } finally {
            m.release();
        }
    }

    @Test
    void leadingCrlfKeepAlivesAreSkipped() {
        SipMessage m = TestMessages.decode("\n\nOPTIONS sip:a@b SIP/2.0\nCall-ID: x\n\n", udp);
        try {
            assertNull(m.failure());
            assertEquals("OPTIONS", m.method());
        } finally {
            m.release();
        }
    }

    @Test
    void messageInTheMiddleOfALargerBufferIsReadAtItsOwnOffsets() {
        byte[] text = TestMessages.wire("OPTIONS sip:gw.example SIP/2.0\n"
                + "Via: SIP/2.0/TCP 10.0.0.1:5060;branch=z9hG4bK-7\nMax-Forwards: 70\n"
                + "From: <sip:a@gw.example>;tag=f1\nTo: <sip:gw.example>\nCall-ID: mid@host\n"
                + "Subject: one,\n two\nCSeq: 9 OPTIONS\nContent-Length: 0\n\n");
        ByteBuf stream = Unpooled.buffer().writeBytes("previous frame".getBytes(StandardCharsets.UTF_8))
                .writeBytes(text).writeBytes("next frame".getBytes(StandardCharsets.UTF_8));
        ByteBuf frame = stream.retainedSlice(0, 14 + text.length).skipBytes(14); // readerIndex 14
        stream.release();
        SipMessage m = SipMessage.decode(frame, TestMessages.detachedFlow(Transport.TCP), 256, false);
        ByteBuf out = Unpooled.buffer();
        try {
            assertNull(m.failure());
            assertEquals("OPTIONS", m.method());
            assertEquals("mid@host", m.callId());
            assertEquals("z9hG4bK-7", m.topVia().branch());
            assertEquals("one, two", m.header("Subject"), "a folded value still reads as one line");
            assertTrue(m.writeHeader(HeaderName.CALL_ID, out));
            assertEquals("mid@host", out.toString(StandardCharsets.UTF_8), "replies copy the value's own bytes");
            assertEquals(0, m.receivedBodyLength());
        } finally {
            m.release();
            out.release();
        }
    }

    @Test
    void theReceivedDatagramBufferIsFreedAtOnceWhileTheMessageIsKept() {
        byte[] text = TestMessages.corpus("jssip").get("invite");
        AdaptiveByteBufAllocator alloc = new AdaptiveByteBufAllocator();
        ByteBuf received = alloc.directBuffer(65_535).writeBytes(text); // as a UDP listener reads a datagram
        ByteBuf datagram = received.retainedSlice(0, text.length);
        received.release();
        SipMessage m = SipMessage.decode(datagram, udp, 256, false);
        ByteBuf forwarded = null;
        try {
            assertEquals(0, received.refCnt(), "a ringing INVITE does not pin a 64 KiB receive buffer");
            assertEquals("INVITE", m.method());
            forwarded = new MessageEditor(m).decrementMaxForwards(70).build(alloc);
            String out = forwarded.toString(StandardCharsets.UTF_8);
            String body = new String(text, StandardCharsets.UTF_8).split("\r\n\r\n", 2)[1];
            assertTrue(out.endsWith("\r\n\r\n" + body), "the body is forwarded from the message's own copy");
            assertEquals(body, m.body().toString(StandardCharsets.UTF_8));
        } finally {
            m.release();
            if (forwarded != null) {
                forwarded.release();
            }
        }
    }

    private void assertFailure(String text, DecodeFailure expected) {
        SipMessage m = TestMessages.decode(text, udp);
        try {
            assertEquals(expected, m.failure(), text);
        } finally {
            m.release();
        }
    }
}
