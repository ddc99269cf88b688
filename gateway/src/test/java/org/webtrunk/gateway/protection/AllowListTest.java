package org.webtrunk.gateway.protection;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class AllowListTest {
    private final AllowList list = new AllowList(List.of("10.1.0.0/16", "192.0.2.5", "2001:db8:a::/48", "::1"));

    @Test
    void matchesIpv4CidrsAndSingleHosts() {
        assertTrue(list.contains(Fixtures.ip("10.1.255.3")));
        assertFalse(list.contains(Fixtures.ip("10.2.0.1")));
        assertTrue(list.contains(Fixtures.ip("192.0.2.5")));
        assertFalse(list.contains(Fixtures.ip("192.0.2.6")));
    }

    @Test
    void matchesIpv6CidrsAndSingleHosts() {
        assertTrue(list.contains(Fixtures.ip("2001:db8:a:1234::1")));
        assertFalse(list.contains(Fixtures.ip("2001:db8:b::1")));
        assertTrue(list.contains(Fixtures.ip("::1")));
        assertFalse(list.contains(Fixtures.ip("::2")));
    }

    @Test
    void emptyListMatchesNothingNotEvenLoopback() {
        assertFalse(new AllowList(List.of()).contains(Fixtures.ip("127.0.0.1")));
    }
}
