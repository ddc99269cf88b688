package org.webtrunk.gateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.webtrunk.gateway.testsupport.TestCertificates;

class ConfigLoaderTest {

    private static GatewayConfig parse(String yaml) {
        return ConfigLoader.parse(yaml, "test.yaml", Path.of("."), name -> null);
    }

    @Test
    void emptyFileGivesTheEmbeddedLoopbackDefaults() {
        GatewayConfig c = parse("");
        assertEquals("127.0.0.1", c.listeners().ws().host());
        assertEquals(8080, c.listeners().ws().port());
        assertEquals("/", c.listeners().ws().path());
        assertEquals(8443, c.listeners().wss().port());
        assertEquals(5060, c.listeners().udp().port());
        assertEquals(5060, c.listeners().tcp().port());
        assertEquals(5061, c.listeners().tls().port());
        assertEquals("127.0.0.1", c.admin().host());
        assertEquals(9090, c.admin().port());
        assertTrue(c.listeners().wss().tls().selfSigned());
    }

    @Test
    void valuesAreReadWithUnits() {
        GatewayConfig c = parse("""
                listeners:
                  ws:
                    port: 18080
                    path: /sip
                    allowed-origins: [https://shop.example, "HTTPS://Shop.Example/", http://localhost:3000]
                    max-message-bytes: 32KiB
                    ping-interval: 15s
                    idle-timeout: 1m
                """);
        WebSocketListenerConfig ws = c.listeners().ws();
        assertEquals(18080, ws.port());
        assertEquals("/sip", ws.path());
        assertEquals(java.util.List.of("https://shop.example", "http://localhost:3000"), ws.allowedOrigins(),
                "normalised as browsers send an Origin, duplicates dropped");
        assertEquals(32 * 1024, ws.maxMessageBytes());
        assertEquals(Duration.ofSeconds(15), ws.pingInterval());
        assertEquals(Duration.ofMinutes(1), ws.idleTimeout());
    }

    @Test
    void everyErrorIsReportedWithFileAndKey() {
        ConfigException e = assertThrows(ConfigException.class, () -> parse("""
                listeners:
                  ws:
                    port: 70000
                    path: nope
                  udp:
                    enabled: maybe
                  tpc: {}
                admin:
                  port: abc
                """));
        String all = String.join("\n", e.errors());
        assertTrue(all.contains("test.yaml: listeners.ws.port: must be between 0 and 65535, got 70000"), all);
        assertTrue(all.contains("test.yaml: listeners.ws.path: must start with '/'"), all);
        assertTrue(all.contains("test.yaml: listeners.udp.enabled: must be true or false"), all);
        assertTrue(all.contains("test.yaml: listeners.tpc: unknown key"), all);
        assertTrue(all.contains("test.yaml: admin.port: must be a whole number"), all);
        assertEquals(5, e.errors().size(), all);
    }

    @Test
    void udpThreadsAreReadForUdpOnly() {
        assertEquals(1, parse("").listeners().udp().threads(), "one UDP thread unless set");
        assertEquals(2, parse("listeners: {udp: {threads: 2}}").listeners().udp().threads());
        ConfigException e = assertThrows(ConfigException.class, () -> parse("""
                listeners:
                  udp: {threads: 0}
                  tcp: {threads: 2}
                """));
        String all = String.join("\n", e.errors());
        assertTrue(all.contains("test.yaml: listeners.udp.threads: must be between 1 and 64, got 0"), all);
        assertTrue(all.contains("test.yaml: listeners.tcp.threads: unknown key"), all);
        assertEquals(2, e.errors().size(), all);
    }

    @Test
    void aListenerOriginThatIsNoOriginIsAStartupError() {
        ConfigException e = assertThrows(ConfigException.class, () -> parse("""
                listeners:
                  wss: {allowed-origins: [shop.example, "https://shop.example/cart"]}
                """));
        String all = String.join("\n", e.errors());
        assertTrue(all.contains("test.yaml: listeners.wss.allowed-origins: 'shop.example' is not an origin"), all);
        assertTrue(all.contains("'https://shop.example/cart' is not an origin"), all);
    }

    @Test
    void aTokenServiceTenantNoGatewayTenantOwnsIsAStartupError() {
        ConfigException e = assertThrows(ConfigException.class, () -> parse("""
                trunks:
                  - name: t
                    targets: [{uri: "sip:127.0.0.1:5090;transport=udp"}]
                tenants:
                  - id: shop
                    numbers: ["*"]
                    trunks: [t]
                token-service:
                  tenants:
                    - id: shop
                      secrets: [{value: shop-tenant-secret-0123456789}]
                    - id: ghost
                      secrets: [{value: ghost-tenant-secret-0123456789}]
                """));
        String all = String.join("\n", e.errors());
        assertTrue(all.contains("test.yaml: token-service.tenants[1].id: 'ghost' is no gateway tenant's credential id"),
                all);
        assertFalse(all.contains("tenants[0].id"), all);
    }

    @Test
    void idleTimeoutMustExceedPingInterval() {
        ConfigException e = assertThrows(ConfigException.class, () -> parse("""
                listeners:
                  ws: {ping-interval: 30s, idle-timeout: 20s}
                """));
        assertTrue(e.getMessage().contains("listeners.ws.idle-timeout: must be longer than ping-interval"), e.getMessage());
    }

    @Test
    void brokenYamlNamesTheFileAndLine() {
        ConfigException e = assertThrows(ConfigException.class, () -> parse("listeners:\n  ws: [unclosed\n"));
        assertTrue(e.getMessage().contains("test.yaml: not valid YAML at line"), e.getMessage());
    }

    @Test
    void missingFileIsNamed(@TempDir Path dir) {
        Path missing = dir.resolve("nope.yaml");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(missing, name -> null));
        assertTrue(e.getMessage().contains("nope.yaml: file not found"), e.getMessage());
    }

    @Test
    void shippedDefaultConfigIsValid() {
        Path shipped = findRepoFile("config/webtrunk.yaml");
        GatewayConfig c = ConfigLoader.load(shipped, name -> null);
        assertEquals("127.0.0.1", c.listeners().ws().host());
    }

    /**
     * The production example loads as an operator would run it: its secret files next to it (written here in a
     * temp copy of its folder, as the example names them) and WEBTRUNK_GATEWAY_SECRET set, which comes first.
     */
    @Test
    void productionExampleLoadsWithItsSecretFiles(@TempDir Path dir) throws Exception {
        Path example = dir.resolve("production.example.yaml");
        Files.copy(findRepoFile("config/production.example.yaml"), example);
        Path secrets = Files.createDirectories(dir.resolve("secrets"));
        for (String name : List.of("gateway-2026-11", "gateway-2026-08", "tenant-shop-2026-11",
                "tenant-shop-2026-08", "tenant-clinic-2026-10")) {
            Files.writeString(secrets.resolve(name), name + "-0123456789abcdef\n");
        }
        TestCertificates.Identity clinicCa = TestCertificates.selfSigned(dir.resolve("tls"), "clinic-ca", "ca.clinic.example");
        Files.move(clinicCa.certificate(), dir.resolve("tls/clinic-ca.pem"));
        GatewayConfig c = ConfigLoader.load(example,
                name -> name.equals(AuthConfig.SECRET_ENV) ? "prod-secret-from-env-0123456789" : null);

        assertEquals(List.of("prod-secret-from-env-0123456789", "gateway-2026-11-0123456789abcdef",
                "gateway-2026-08-0123456789abcdef"), c.auth().secrets());
        assertEquals(List.of(SecretSource.Kind.ENV, SecretSource.Kind.FILE, SecretSource.Kind.FILE),
                c.auth().secretSources().stream().map(SecretSource::kind).toList());
        assertFalse(c.auth().usingDevSecret());
        assertFalse(c.tenants().usingDemoDefaults());
        assertEquals(List.of("shop", "clinic"), c.tenants().tenants().stream().map(TenantConfig::id).toList());
        assertEquals(List.of("shop", "clinic"), c.tokenService().tenants().stream()
                .map(TokenServiceConfig.Tenant::id).toList());
        assertEquals(2, c.tokenService().tenants().get(0).secrets().size());
        assertFalse(c.tokenService().usingInlineSecrets());
        assertEquals(List.of("wss://sip.shop.example/sip"), c.tokenService().uris());
        assertEquals("10.0.0.10", c.proxy().advertisedHost());
        assertEquals(new TrunkTlsConfig(dir.resolve("tls/clinic-ca.pem"), "pbx.clinic.example", null, null, null,
                TrunkTlsConfig.CRL_CHECK_INTERVAL),
                c.tenants().trunks().get(1).tls());
    }

    @Test
    void productionExampleRefusesToStartWithoutItsSecretFiles(@TempDir Path dir) throws IOException {
        Path example = dir.resolve("production.example.yaml");
        Files.copy(findRepoFile("config/production.example.yaml"), example);
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(example, name -> null));
        assertTrue(e.getMessage().contains("auth.secrets[0].file: file not found"), e.getMessage());
        assertTrue(e.getMessage().contains("token-service.tenants[1].secrets[0].file: file not found"), e.getMessage());
        assertTrue(e.getMessage().contains("trunks[1].tls.ca-file: cannot read"), e.getMessage());
    }

    static Path findRepoFile(String relative) {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            Path candidate = dir.resolve(relative);
            if (Files.exists(candidate)) {
                return candidate;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException(relative + " not found above the working directory");
    }
}
