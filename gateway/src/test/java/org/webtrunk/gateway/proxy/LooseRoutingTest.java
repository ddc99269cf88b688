package org.webtrunk.gateway.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.webtrunk.gateway.testsupport.SipText.answer;
import static org.webtrunk.gateway.testsupport.SipText.header;
import static org.webtrunk.gateway.testsupport.SipText.headers;
import static org.webtrunk.gateway.testsupport.SipText.msg;
import static org.webtrunk.gateway.testsupport.SipText.startLine;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.webtrunk.gateway.transport.Transport;
import org.webtrunk.gateway.testsupport.PeerFlows;

/** Record-Route on the way in, loose routing on the way back, across the WebSocket/UDP boundary. */
class LooseRoutingTest {
    private static final String RR_UDP = "<sip:192.0.2.10:5060;transport=udp;lr;r2=on>";
    private static final String RR_WS = "<sip:192.0.2.10:8080;transport=ws;lr;r2=on;ft=tok1>";

    private final ProxyHarness h = new ProxyHarness();
    private final PeerFlows.Peer browser = h.peer(Transport.WS, "198.51.100.7", 40000);
    private final PeerFlows.Peer trunk = h.peer(Transport.UDP, "10.0.0.2", 5060);

    LooseRoutingTest() {
        h.tokens.put("tok1", browser.flow());
    }

    @AfterEach
    void close() {
        h.close();
    }

    private static String browserInvite() {
        return msg("INVITE sip:+15551234@gw.example SIP/2.0",
                "Via: SIP/2.0/WSS abc.invalid;branch=z9hG4bK-js1",
                "Max-Forwards: 69",
                "From: <sip:1700000000:u1@gw.example>;tag=js",
                "To: <sip:+15551234@gw.example>",
                "Call-ID: js-call",
                "CSeq: 8 INVITE",
                "Contact: <sip:x@abc.invalid;transport=ws;ob>",
                "Content-Length: 0");
    }

    @Test
    void browserCallGetsTwoRecordRoutesTheBrowserSideCarryingTheFlowToken() {
        h.plan = List.of(h.target(trunk));
        h.request(browser, browserInvite());
        String fwd = trunk.only();
        assertEquals(RR_UDP + ", " + RR_WS, header(fwd, "Record-Route"));
        List<String> vias = headers(fwd, "Via");
        assertTrue(vias.get(0).startsWith("SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK"), vias.get(0));
        assertEquals("SIP/2.0/WSS abc.invalid;branch=z9hG4bK-js1;received=198.51.100.7", vias.get(1),
                "the browser's made-up host gets received= (RFC 3261 §18.2.1)");
        assertEquals("SIP/2.0 100 Trying", startLine(browser.only()));
        h.response(trunk, answer(fwd, 200, "OK"));
        String ok = browser.only();
        assertEquals(RR_UDP + ", " + RR_WS, header(ok, "Record-Route"), "the browser builds its route set from this");
        assertEquals(1, headers(ok, "Via").size());
    }

    @Test
    void requestFromTheTrunkFollowsTheFlowTokenToTheBrowsersWebSocket() {
        h.request(trunk, msg("BYE sip:x@abc.invalid;transport=ws SIP/2.0",
                "Via: SIP/2.0/UDP 10.0.0.2:5060;branch=z9hG4bK-t1",
                "Route: " + RR_UDP + ", " + RR_WS,
                "Max-Forwards: 70",
                "From: <sip:+15551234@10.0.0.2>;tag=t9",
                "To: <sip:1700000000:u1@gw.example>;tag=js",
                "Call-ID: js-call",
                "CSeq: 1 BYE",
                "Content-Length: 0"));
        String bye = browser.only();
        assertEquals("BYE sip:x@abc.invalid;transport=ws SIP/2.0", startLine(bye), "the .invalid URI is kept, not resolved");
        assertNull(header(bye, "Route"), "both our entries are popped");
        assertTrue(header(bye, "Via").startsWith("SIP/2.0/WS 192.0.2.10:8080;branch=z9hG4bK"));
        h.response(browser, answer(bye, 200, "OK"));
        assertEquals("SIP/2.0 200 OK", startLine(trunk.only()));
    }

    @Test
    void requestFromTheTrunkForAClosedWebSocketGets430() {
        h.tokens.clear();
        h.request(trunk, msg("BYE sip:x@abc.invalid;transport=ws SIP/2.0",
                "Via: SIP/2.0/UDP 10.0.0.2:5060;branch=z9hG4bK-t2",
                "Route: " + RR_UDP + ", " + RR_WS,
                "Max-Forwards: 70", "From: <sip:a@b>;tag=t9", "To: <sip:c@d>;tag=js", "Call-ID: js-call",
                "CSeq: 2 BYE", "Content-Length: 0"));
        assertEquals("SIP/2.0 430 Flow Failed", startLine(trunk.only()));
        assertEquals(List.of(), browser.sent());
    }

    @Test
    void requestFromTheBrowserGoesByItsRequestUriAfterPoppingOurRoutes() {
        h.request(browser, msg("BYE sip:+15551234@10.0.0.2:5060 SIP/2.0",
                "Via: SIP/2.0/WSS abc.invalid;branch=z9hG4bK-js2",
                "Route: " + RR_WS + ", " + RR_UDP,
                "Max-Forwards: 70", "From: <sip:u1@gw.example>;tag=js", "To: <sip:+15551234@gw.example>;tag=t9",
                "Call-ID: js-call", "CSeq: 9 BYE", "Content-Length: 0"));
        String bye = trunk.only();
        assertEquals("BYE sip:+15551234@10.0.0.2:5060 SIP/2.0", startLine(bye));
        assertNull(header(bye, "Route"));
        assertNull(header(bye, "Record-Route"), "in-dialog requests are not record-routed");
    }

    @Test
    void browserMayNotReachAnotherWebSocket() {
        h.request(browser, msg("MESSAGE sip:y@other.example;transport=ws SIP/2.0",
                "Via: SIP/2.0/WSS abc.invalid;branch=z9hG4bK-js3",
                "Route: " + RR_WS + ", " + RR_UDP,
                "Max-Forwards: 70", "From: <sip:u1@gw.example>;tag=js", "To: <sip:y@other.example>;tag=z",
                "Call-ID: js-m", "CSeq: 1 MESSAGE", "Content-Length: 0"));
        assertEquals("SIP/2.0 403 Forbidden", startLine(browser.only()));
        assertEquals(List.of(), trunk.sent());
    }

    @Test
    void nextRouteThatIsNotOursIsKept() {
        h.request(browser, msg("BYE sip:+15551234@10.9.9.9:5060 SIP/2.0",
                "Via: SIP/2.0/WSS abc.invalid;branch=z9hG4bK-js4",
                "Route: " + RR_WS + ", " + RR_UDP + ", <sip:10.0.0.2:5060;lr>",
                "Max-Forwards: 70", "From: <sip:u1@gw.example>;tag=js", "To: <sip:+15551234@gw.example>;tag=t9",
                "Call-ID: js-call", "CSeq: 10 BYE", "Content-Length: 0"));
        String bye = trunk.only();
        assertEquals("<sip:10.0.0.2:5060;lr>", header(bye, "Route"));
        assertEquals("BYE sip:+15551234@10.9.9.9:5060 SIP/2.0", startLine(bye));
    }
}
