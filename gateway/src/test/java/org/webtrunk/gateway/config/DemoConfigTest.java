package org.webtrunk.gateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DemoConfigTest {
    private static final Map<String, String> ENV = Map.of("DEMO_SECRET", "demo-tenant-secret-0123456789");
    private static final String TOKEN_SERVICE = """
            token-service:
              tenants:
                - {id: demo, secrets: [{env: DEMO_SECRET}]}
            """;

    private static GatewayConfig parse(String yaml) {
        return ConfigLoader.parse(yaml, "demo.yaml", Path.of("/etc/webtrunk"), ENV::get);
    }

    @Test
    void offByDefault() {
        DemoConfig d = parse("").demo();
        assertFalse(d.enabled());
        assertEquals("demo", d.tenant());
        assertEquals("visitor", d.accountPrefix());
        assertEquals(Duration.ofSeconds(60), d.tokenTtl());
        assertEquals(null, d.jssipBundle());
    }

    @Test
    void bundlePathIsRelativeToTheConfigFile() {
        DemoConfig d = parse(TOKEN_SERVICE + "demo: {enabled: true, jssip-bundle: ../build/jssip.min.js}").demo();
        assertTrue(d.enabled());
        assertEquals(Path.of("/etc/build/jssip.min.js"), d.jssipBundle());
    }

    @Test
    void enabledDemoNeedsATokenServiceTenantToMintWith() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> parse(TOKEN_SERVICE + "demo: {enabled: true, tenant: other}"));
        assertTrue(e.getMessage().contains("demo.tenant"), e.getMessage());
        ConfigException off = assertThrows(ConfigException.class, () -> parse("""
                token-service:
                  enabled: false
                  tenants:
                    - {id: demo, secrets: [{env: DEMO_SECRET}]}
                demo: {enabled: true}
                """));
        assertTrue(off.getMessage().contains("demo.enabled"), off.getMessage());
    }

    @Test
    void badValuesAreReportedWithTheirKeys() {
        ConfigException e = assertThrows(ConfigException.class, () -> parse(TOKEN_SERVICE
                + "demo: {enabled: true, account-prefix: 'a b', token-ttl: 1h, colour: red}"));
        assertTrue(e.getMessage().contains("demo.account-prefix"), e.getMessage());
        assertTrue(e.getMessage().contains("demo.token-ttl"), e.getMessage());
        assertTrue(e.getMessage().contains("demo.colour"), e.getMessage());
    }
}
