package org.webtrunk.gateway.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import org.webtrunk.gateway.sip.SipUri;

class TransportTest {
    @Test
    void aSipsUriIsSecureOnEveryTransportItNames() {
        assertEquals(Transport.TLS, Transport.ofUri(true, null));
        assertEquals(Transport.TLS, Transport.ofUri(true, "tcp"), "RFC 5630: sips + tcp is TLS over TCP");
        assertEquals(Transport.TLS, Transport.ofUri(true, "TLS"), "the deprecated form is still understood");
        assertEquals(Transport.WSS, Transport.ofUri(true, "ws"));
        assertNull(Transport.ofUri(true, "udp"), "sips has no UDP");
        assertNull(Transport.ofUri(true, "sctp"));
    }

    @Test
    void aSipUriUsesItsTransportParameterElseUdp() {
        assertEquals(Transport.UDP, Transport.ofUri(false, null));
        assertEquals(Transport.TCP, Transport.ofUri(false, "tcp"));
        assertEquals(Transport.TLS, Transport.ofUri(false, "tls"));
        assertEquals(Transport.WS, Transport.ofUri(false, "ws"));
        assertNull(Transport.ofUri(false, "sctp"));
    }

    @Test
    void aMissingPortIs5061OverTlsElse5060() {
        assertEquals(5061, SipUri.parse("sips:trunk.example.com;transport=tcp").portOrDefault());
        assertEquals(5061, SipUri.parse("sips:trunk.example.com").portOrDefault());
        assertEquals(5061, SipUri.parse("sip:trunk.example.com;transport=tls").portOrDefault());
        assertEquals(5060, SipUri.parse("sip:trunk.example.com;transport=tcp").portOrDefault());
        assertEquals(5060, SipUri.parse("sip:trunk.example.com").portOrDefault());
        assertEquals(5061, SipUri.parse("sips:trunk.example.com;transport=udp").portOrDefault(),
                "a transport we cannot use: the scheme's port");
        assertEquals(5070, SipUri.parse("sips:trunk.example.com:5070;transport=tcp").portOrDefault());
    }
}
