package org.webtrunk.gateway.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Via, NameAddr, SipUri and CSeq: the small parsers behind the lazy view's accessors. */
class ValueParsersTest {

    @Test
    void viaWithLwsEverywhereAndRport() {
        Via v = Via.parse("SIP  / 2.0  / TCP     spindle.example.com   ;  branch  =   z9hG4bK9ikj8  ");
        assertEquals("TCP", v.transport());
        assertEquals("spindle.example.com", v.host());
        assertEquals("z9hG4bK9ikj8", v.branch());
        Via r = Via.parse("SIP/2.0/UDP [2001:db8::1]:5070;rport;branch=z9hG4bKx");
        assertEquals("[2001:db8::1]", r.host());
        assertEquals(5070, r.port());
        assertTrue(r.hasRport());
        assertEquals(-1, r.rport());
        assertEquals("SIP/2.0/WSS abc.invalid;branch=z9hG4bK1", MessageEditor.viaWithParams(Via.parse("SIP/2.0/WSS abc.invalid;branch=z9hG4bK1"), null, -1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"SIP/2.0/UDP 192.0.2.15;;", "SIP/2.0 host;branch=x", "SIP/2.0/UDP", "SIP/2.0/UDP host:99999",
        "SIP/2.0/UDP host;branch=a b", "SIP/2.0/UDP host;rport=x", "", "SIP/2.0/UDP ho st"})
    void badViasAreNull(String text) {
        assertNull(Via.parse(text), text);
    }

    @Test
    void nameAddrForms() {
        NameAddr a = NameAddr.parse("caller<sip:caller@example.com>;tag=323");
        assertEquals("caller", a.displayName());
        assertEquals("323", a.tag());
        NameAddr b = NameAddr.parse("sip:vivekg@chair-dnrc.example.com ;   tag    = 1918181833n");
        assertEquals("1918181833n", b.tag());
        NameAddr c = NameAddr.parse("\"Bell, Alexander\" <sip:a.g.bell@example.com>;tag=433423");
        assertEquals("Bell, Alexander", c.displayName());
        NameAddr d = NameAddr.parse("<tel:+4930123456;phone-context=example.com>");
        assertEquals("tel", d.uri().scheme());
        assertTrue(NameAddr.parse("<sip:a@b>;tag=1;tag=2").params().duplicateTag());
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"Mr. J. User <sip:j.user@example.com>", "\"Watson, Thomas\" < sip:t.watson@example.org >",
        "Bell, Alexander <sip:a.g.bell@example.com>;tag=43", "sip:user@example.com?Route=%3Csip:sip.example.com%3E",
        "<sip:joe@example.org>;;;;", "<sip:a@b", "<sip:a%zz@b>", "<>"})
    void badNameAddrsAreNull(String text) {
        assertNull(NameAddr.parse(text), text);
    }

    @Test
    void sipUris() {
        SipUri u = SipUri.parse("sip:1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*:&it+has=1,weird!*pas$wo~d_too.(doesn't-it)@example.com");
        assertNotNull(u);
        assertEquals("example.com", u.host());
        SipUri ws = SipUri.parse("sip:u5ssdj7h@dq7m0k3ve2hb.invalid;transport=ws;ob");
        assertEquals("dq7m0k3ve2hb.invalid", ws.host());
        assertEquals("ws", ws.param("transport"));
        assertEquals("user;par=u%40example.net", SipUri.parse("sip:user;par=u%40example.net@example.com").user());
        assertEquals("sip:a@b?x=y", SipUri.parse("sip:a@b?x=y").raw());
        assertNull(SipUri.parse("<sip:user@example.com>"));
        assertNull(SipUri.parse("sip:user@example.com; lr"));
        assertNull(SipUri.parse("sip:"));
        assertEquals("mailto", SipUri.schemeOf("mailto:a@b"));
    }

    @Test
    void cseq() {
        assertEquals(new CSeq(9, "INVITE"), CSeq.parse("0009\r\n  INVITE"));
        assertEquals(new CSeq((1L << 31) - 1, "BYE"), CSeq.parse("2147483647 BYE"));
        assertNull(CSeq.parse("2147483648 BYE"), "RFC 3261 §8.1.1.5: below 2^31");
        assertNull(CSeq.parse("36893488147419103232 REGISTER"));
        assertNull(CSeq.parse("1"));
        assertNull(CSeq.parse("1INVITE"));
        assertNull(CSeq.parse("x INVITE"));
    }
}
