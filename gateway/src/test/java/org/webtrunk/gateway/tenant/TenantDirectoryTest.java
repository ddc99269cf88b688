package org.webtrunk.gateway.tenant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.webtrunk.gateway.config.ConfigException;
import org.webtrunk.gateway.config.TenantConfig;
import org.webtrunk.gateway.config.TenantsConfig;
import org.webtrunk.gateway.transport.Transport;

class TenantDirectoryTest {

    private static TenantDirectory directory(boolean withDefault) {
        TenantConfig acme = new TenantConfig("acme", false, List.of("acme", "acme-eu"), List.of(), List.of("t"), 403);
        TenantConfig solo = Fixtures.tenant("solo", withDefault, List.of("*"), "t");
        return TenantDirectory.build(new TenantsConfig(List.of(acme, solo),
                List.of(Fixtures.trunk("t", 3, Fixtures.target("sip:127.0.0.1:5090", 10, 1))), false),
                TargetResolver.system());
    }

    private static String id(Optional<Tenant> t) {
        return t.map(Tenant::id).orElse(null);
    }

    @Test
    void credentialIdPicksTheTenantOwningItsTenantPart() {
        TenantDirectory d = directory(true);
        assertEquals("acme", id(d.forCredentialId("acme.alice")));
        assertEquals("acme", id(d.forCredentialId("acme-eu.bob.smith")), "split at the first dot");
        assertEquals("solo", id(d.forCredentialId("solo.x")));
    }

    @Test
    void idWithoutTenantGoesToTheDefault() {
        assertEquals("solo", id(directory(true).forCredentialId("alice")));
        assertEquals(Optional.empty(), directory(false).forCredentialId("alice"), "no default: refused");
    }

    @Test
    void unknownOrMalformedIdsAreRefused() {
        TenantDirectory d = directory(true);
        for (String bad : new String[] {"other.alice", "Acme.alice", "acme.", ".alice", "", "acme.al ice",
                "a".repeat(33) + ".x", null}) {
            assertEquals(Optional.empty(), d.forCredentialId(bad), String.valueOf(bad));
        }
    }

    @Test
    void theDemoRoutesEverythingToTheLocalTrunk() {
        TenantDirectory d = TenantDirectory.build(TenantsConfig.demo(), TargetResolver.system());
        Tenant demo = d.forCredentialId("anyone").orElseThrow();
        assertEquals("demo", demo.id());
        assertTrue(demo.mayDial("+15551234567"));
        TrunkTarget target = demo.trunks().get(0).targets().get(0);
        assertEquals(new InetSocketAddress("127.0.0.1", 5090), target.address());
        assertEquals(Transport.UDP, target.transport());
        assertEquals("udp:127.0.0.1:5090", target.label());
    }

    @Test
    void hostNamesAreResolvedOnceThroughTheResolver() {
        TenantsConfig config = new TenantsConfig(List.of(Fixtures.tenant("a", true, List.of("*"), "t")),
                List.of(Fixtures.trunk("t", 3, Fixtures.target("sip:pbx.example;transport=tcp", 10, 1))), false);
        TargetResolver fake = (host, port, transport) -> {
            assertEquals("pbx.example", host);
            assertEquals(Transport.TCP, transport);
            return new InetSocketAddress(InetAddress.getByAddress(host, new byte[] {(byte) 192, 0, 2, 7}), port);
        };
        TrunkTarget t = TenantDirectory.build(config, fake).trunks().get(0).targets().get(0);
        assertEquals(5060, t.address().getPort());
        assertEquals("192.0.2.7", t.address().getAddress().getHostAddress());
    }

    @Test
    void unresolvableHostsFailTheBuildNamingTheTarget() {
        TenantsConfig config = new TenantsConfig(List.of(Fixtures.tenant("a", true, List.of("*"), "t")),
                List.of(Fixtures.trunk("t", 3, Fixtures.target("sip:nowhere.invalid", 10, 1))), false);
        ConfigException e = assertThrows(ConfigException.class, () -> TenantDirectory.build(config,
                (h, p, tr) -> {
                    throw new UnknownHostException(h);
                }));
        assertTrue(e.getMessage().contains("trunks.t: target sip:nowhere.invalid:5060;transport=udp"), e.getMessage());
    }
}
