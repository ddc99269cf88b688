package org.webtrunk.gateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.webtrunk.gateway.transport.Transport;

class TenantsConfigTest {
    private final ConfigErrors errors = new ConfigErrors("test.yaml");

    private TenantsConfig read(String yaml) {
        ConfigNode root = Yaml.root(yaml, errors);
        TenantsConfig c = TenantsConfig.read(root, Path.of("."));
        root.rejectUnknownKeys();
        return c;
    }

    private String allErrors() {
        return String.join("\n", errors.messages());
    }

    @Test
    void noTenantsGivesTheDemo() {
        TenantsConfig c = read("");
        assertTrue(errors.isEmpty(), allErrors());
        assertTrue(c.usingDemoDefaults());
        TenantConfig demo = c.tenants().get(0);
        assertEquals("demo", demo.id());
        assertTrue(demo.isDefault());
        assertEquals(List.of(NumberPattern.parse("*")), demo.numbers());
        assertEquals(List.of("demo-trunk"), demo.trunks());
        TrunkTargetConfig target = c.trunks().get(0).targets().get(0);
        assertEquals("demo-trunk", c.trunks().get(0).name());
        assertEquals("127.0.0.1", target.host());
        assertEquals(5090, target.port());
        assertEquals(Transport.UDP, target.transport());
    }

    @Test
    void readsAFullConfigWithDefaults() {
        TenantsConfig c = read("""
                trunks:
                  - name: acme-pbx
                    targets:
                      - {uri: "sip:192.0.2.10;transport=tcp", priority: 1, weight: 3}
                      - {uri: "sip:192.0.2.11:5070"}
                    add-headers: ["X-Tenant: acme"]
                    strip-headers: [X-Secret, P-Asserted-Identity]
                    probe-interval: 10s
                    down-after: 2
                    target-timeout: 1500ms
                  - name: backup
                    targets: [{uri: "sip:192.0.2.20"}]
                tenants:
                  - id: acme
                    credential-ids: [acme, acme-eu]
                    numbers: ["+1555*", "!+1555999*"]
                    trunks: [acme-pbx, backup]
                    dial-refusal: 404
                  - id: solo
                    default: true
                    numbers: "*"
                    trunks: backup
                """);
        assertTrue(errors.isEmpty(), allErrors());
        assertFalse(c.usingDemoDefaults());
        TrunkConfig pbx = c.trunks().get(0);
        assertEquals(1, pbx.targets().get(0).priority());
        assertEquals(3, pbx.targets().get(0).weight());
        assertEquals(10, pbx.targets().get(1).priority());
        assertEquals(1, pbx.targets().get(1).weight());
        assertEquals(List.of(new HeaderConfig("X-Tenant", "acme")), pbx.addHeaders());
        assertEquals(List.of("x-secret", "p-asserted-identity"), pbx.stripHeaders());
        assertEquals(Duration.ofSeconds(10), pbx.probeInterval());
        assertEquals(2, pbx.downAfter());
        assertEquals(Duration.ofMillis(1500), pbx.targetTimeout());
        TrunkConfig backup = c.trunks().get(1);
        assertEquals(Duration.ofSeconds(30), backup.probeInterval());
        assertEquals(3, backup.downAfter());
        assertEquals(Duration.ofSeconds(4), backup.targetTimeout());

        TenantConfig acme = c.tenants().get(0);
        assertEquals(List.of("acme", "acme-eu"), acme.credentialIds());
        assertEquals(404, acme.dialRefusal());
        assertFalse(acme.isDefault());
        TenantConfig solo = c.tenants().get(1);
        assertEquals(List.of("solo"), solo.credentialIds(), "credential ids default to the tenant id");
        assertEquals(403, solo.dialRefusal());
        assertTrue(solo.isDefault());
    }

    @Test
    void crossReferenceErrorsNameTheirKeys() {
        read("""
                trunks:
                  - {name: t1, targets: [{uri: "sip:192.0.2.1"}]}
                  - {name: t1, targets: [{uri: "sip:192.0.2.2"}]}
                tenants:
                  - {id: a, default: true, trunks: [t1, nope]}
                  - {id: b, default: true, credential-ids: [a], trunks: [t1]}
                  - {id: a, trunks: [t1]}
                """);
        String all = allErrors();
        assertTrue(all.contains("trunks[1].name: duplicate trunk name 't1'"), all);
        assertTrue(all.contains("tenants[0].trunks: no trunk named 'nope'"), all);
        assertTrue(all.contains("tenants[1].credential-ids: 'a' already belongs to tenant 'a'"), all);
        assertTrue(all.contains("tenants[1].default: tenant 'a' is already the default"), all);
        assertTrue(all.contains("tenants[2].id: duplicate tenant id 'a'"), all);
        assertEquals(5, errors.messages().size(), all);
    }

    @Test
    void fieldErrorsNameTheirKeys() {
        read("""
                trunks:
                  - name: Bad Name
                    targets: [{uri: "sip:alice@192.0.2.1"}, {priority: 1}, {uri: "sip:192.0.2.1", weight: 0}]
                    add-headers: ["Via: evil", "X-Ok: fine\\r\\nX-Injected: 1", "no colon"]
                    strip-headers: [Call-ID]
                    down-after: 0
                    colour: blue
                  - name: empty
                tenants:
                  - id: Acme
                    numbers: [alice]
                    dial-refusal: 500
                  - {id: x}
                """);
        String all = allErrors();
        for (String key : List.of("trunks[0].name: must match", "trunks[0].targets[0].uri: 'sip:alice@192.0.2.1'",
                "trunks[0].targets[1].uri: is required", "trunks[0].targets[2].weight: must be between 1",
                "trunks[0].add-headers: Via is maintained by the proxy", "trunks[0].add-headers: the value of X-Ok",
                "trunks[0].add-headers: 'no colon'", "trunks[0].strip-headers: Call-ID is maintained",
                "trunks[0].down-after", "trunks[0].colour: unknown key", "trunks[1].targets: at least one target",
                "tenants[0].id: must match", "tenants[0].numbers: 'alice' is not a number",
                "tenants[0].dial-refusal", "tenants[1].trunks: at least one trunk")) {
            assertTrue(all.contains(key), key + " missing in\n" + all);
        }
    }

    @Test
    void trunksWithoutTenantsAreAnError() {
        read("trunks: [{name: t, targets: [{uri: 'sip:192.0.2.1'}]}]");
        assertTrue(allErrors().contains("tenants: trunks are configured but no tenant uses them"), allErrors());
    }
}
