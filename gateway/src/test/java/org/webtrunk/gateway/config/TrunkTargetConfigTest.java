package org.webtrunk.gateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.webtrunk.gateway.transport.Transport;

class TrunkTargetConfigTest {

    @Test
    void parsesHostPortAndTransport() {
        TrunkTargetConfig t = TrunkTargetConfig.parse("sip:127.0.0.1:5090;transport=udp");
        assertEquals("127.0.0.1", t.host());
        assertEquals(5090, t.port());
        assertEquals(Transport.UDP, t.transport());
        assertEquals("sip:127.0.0.1:5090;transport=udp", t.uri());
    }

    @Test
    void defaultsPortByTransportAndTransportByScheme() {
        assertEquals(5060, TrunkTargetConfig.parse("sip:trunk.example.com").port());
        assertEquals(Transport.UDP, TrunkTargetConfig.parse("sip:trunk.example.com").transport());
        assertEquals(5060, TrunkTargetConfig.parse("sip:trunk.example.com;transport=TCP").port());
        TrunkTargetConfig tls = TrunkTargetConfig.parse("sip:Trunk.Example.com;transport=tls");
        assertEquals(5061, tls.port());
        assertEquals("trunk.example.com", tls.host());
        TrunkTargetConfig sips = TrunkTargetConfig.parse("sips:trunk.example.com");
        assertEquals(Transport.TLS, sips.transport());
        assertEquals(5061, sips.port());
    }

    @Test
    void aSipsUriWithTransportTcpIsTls() {
        TrunkTargetConfig t = TrunkTargetConfig.parse("sips:Trunk.Example.com;transport=tcp");
        assertEquals(Transport.TLS, t.transport(), "RFC 5630 §3.1.3: TLS over TCP");
        assertEquals(5061, t.port());
        assertEquals("sip:trunk.example.com:5061;transport=tls", t.uri());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrunkTargetConfig.parse("sips:trunk.example.com;transport=udp"));
        assertTrue(e.getMessage().contains("tcp or tls for sips:"), e.getMessage());
    }

    @Test
    void parsesBracketedIpv6() {
        TrunkTargetConfig t = TrunkTargetConfig.parse("sip:[::1]:5070;transport=tcp;lr");
        assertEquals("::1", t.host());
        assertEquals(5070, t.port());
        assertEquals("sip:[::1]:5070;transport=tcp", t.uri());
    }

    @Test
    void refusesWhatIsNoNextHop() {
        for (String bad : new String[] {"http://x", "sip:alice@example.com", "sip:host:0", "sip:host:99999",
                "sip:host:x", "sip:host;transport=ws", "sip:host;transport=sctp", "sips:host;transport=udp",
                "sip:[::1", "sip:::1", "sip:ho st", "sip:", "sip:host;maddr=1.2.3.4", "sip:-bad-.com"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TrunkTargetConfig.parse(bad),
                    bad);
            assertTrue(e.getMessage().contains("'"), e.getMessage());
        }
    }
}
