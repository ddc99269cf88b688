package org.webtrunk.gateway.warmup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class WarmupMessageTest {
    private static final String INVITE = "INVITE sip:+15550100@127.0.0.1:5060 SIP/2.0\r\n"
            + "v: SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bKgw\r\n"
            + "Via: SIP/2.0/WS a.invalid;branch=z9hG4bKbrowser\r\n"
            + "Record-Route: <sip:127.0.0.1:5060;lr;r2=on>, <sip:127.0.0.1:8080;transport=ws;lr;r2=on>\r\n"
            + "f: <sip:u1@warmup.invalid>;tag=abc\r\n"
            + "t: <sip:+15550100@warmup.invalid>\r\n"
            + "i: call-1\r\n"
            + "CSeq: 2 INVITE\r\n"
            + "Content-Type: application/sdp\r\n"
            + "Content-Length: 3\r\n\r\nv=0";

    @Test
    void anAnswerCopiesWhatRfc3261AsksForAndTagsTheToBeyond100() {
        WarmupMessage invite = WarmupMessage.of(INVITE);
        WarmupMessage trying = WarmupMessage.of(invite.answer(100, "Trying", "", ""));
        WarmupMessage ok = WarmupMessage.of(
                invite.answer(200, "OK", "Contact: <sip:trunk@127.0.0.1:4000>\r\n", "v=0\r\n"));

        assertEquals(100, trying.status());
        assertEquals("<sip:+15550100@warmup.invalid>", trying.header("to"));
        assertEquals(200, ok.status());
        assertEquals("<sip:+15550100@warmup.invalid>;tag=trunk1", ok.header("To"));
        assertEquals(List.of("SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bKgw",
                "SIP/2.0/WS a.invalid;branch=z9hG4bKbrowser"), ok.values("via"));
        assertEquals(List.of("<sip:127.0.0.1:5060;lr;r2=on>", "<sip:127.0.0.1:8080;transport=ws;lr;r2=on>"),
                ok.values("record-route"));
        assertEquals("call-1", ok.header("call-id"));
        assertEquals("2 INVITE", ok.header("cseq"));
        assertEquals("5", ok.header("content-length"));
        assertNull(ok.header("content-type"), "the request's other headers are not copied");
    }

    @Test
    void requestsAndGarbledLinesHaveNoStatus() {
        WarmupMessage invite = WarmupMessage.of(INVITE);
        assertFalse(invite.isResponse());
        assertEquals("INVITE", invite.method());
        assertEquals(-1, invite.status());
        assertEquals(-1, WarmupMessage.of("SIP/2.0 2x0 OK\r\n\r\n").status());
        assertTrue(WarmupMessage.of("SIP/2.0 2x0 OK\r\n\r\n").isResponse());
    }
}
