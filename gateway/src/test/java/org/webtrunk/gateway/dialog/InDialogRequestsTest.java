package org.webtrunk.gateway.dialog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.webtrunk.gateway.proxy.Target;
import org.webtrunk.gateway.transport.Transport;

class InDialogRequestsTest {
    private static final List<String> OURS = List.of("<sip:192.0.2.10:5060;transport=udp;lr;r2=on>",
            "<sip:192.0.2.10:8080;transport=ws;lr;r2=on;ft=abc>");

    @Test
    void routeSetsAreTheRecordRouteOnEitherSideOfOurEntries() {
        List<String> rr = List.of("<sip:callee-edge.example;lr>", "<sip:sbc.example;lr>",
                "<sip:192.0.2.10:5060;transport=udp;lr;r2=on>", "<sip:192.0.2.10:8080;transport=ws;lr;r2=on;ft=abc>",
                "<sip:caller-edge.example;lr>");
        InDialogRequests.RouteSets rs = InDialogRequests.routeSets(rr, OURS);
        assertEquals(List.of("<sip:sbc.example;lr>", "<sip:callee-edge.example;lr>"), rs.toCallee());
        assertEquals(List.of("<sip:caller-edge.example;lr>"), rs.toCaller());
    }

    @Test
    void withoutOurEntriesThereIsNoRouteSet() {
        InDialogRequests.RouteSets rs = InDialogRequests.routeSets(List.of("<sip:other.example;lr>"), OURS);
        assertEquals(List.of(), rs.toCallee());
        assertEquals(List.of(), rs.toCaller());
    }

    @Test
    void aSipsContactWithTransportTcpIsReachedOverTlsAt5061() {
        String contact = "<sips:callee@192.0.2.20;transport=tcp>";
        Target tls = Target.of(Transport.TLS, new InetSocketAddress("192.0.2.20", 5061), null);
        Target tcp = Target.of(Transport.TCP, new InetSocketAddress("192.0.2.20", 5060), null);
        assertTrue(InDialogRequests.reaches(tls, null, List.of(), contact));
        assertFalse(InDialogRequests.reaches(tcp, null, List.of(), contact));
        Target next = InDialogRequests.targetFor(null, List.of(), "sips:callee@192.0.2.20;transport=tcp");
        assertEquals(Transport.TLS, next.transport());
        assertEquals(tls.address(), next.address());
    }

    @Test
    void contactUriIsTakenFromTheNameAddr() {
        assertEquals("sip:a@10.0.0.2:5070;transport=tcp",
                InDialogRequests.uriOf("\"A\" <sip:a@10.0.0.2:5070;transport=tcp>;expires=60"));
        assertNull(InDialogRequests.uriOf("<<bad"));
    }

    @Test
    void sessionExpiresParsesIntervalAndRefresherAndRejectsGarbage() {
        assertEquals(new SessionExpires(90, "uac"), SessionExpires.parse("90;refresher=uac"));
        assertEquals(new SessionExpires(1800, null), SessionExpires.parse(" 1800 "));
        assertNull(SessionExpires.parse("ninety"));
        assertNull(SessionExpires.parse("-5"));
        assertNull(SessionExpires.parse("99999999999"));
    }
}
