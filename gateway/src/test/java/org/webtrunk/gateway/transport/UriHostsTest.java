package org.webtrunk.gateway.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class UriHostsTest {
    @Test
    void ipv6LiteralsAreBracketedOnceAndOtherHostsAreLeftAsTheyAre() {
        assertEquals("[::1]", UriHosts.bracketed("::1"));
        assertEquals("[2001:db8::5]", UriHosts.bracketed("[2001:db8::5]"), "already bracketed: not twice");
        assertEquals("127.0.0.1", UriHosts.bracketed("127.0.0.1"));
        assertEquals("trunk.example.com", UriHosts.bracketed("trunk.example.com"));
    }
}
