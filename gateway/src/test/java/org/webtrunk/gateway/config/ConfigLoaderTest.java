package org.webtrunk.gateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
                    allowed-origins: [https://shop.example]
                    max-message-bytes: 32KiB
                    ping-interval: 15s
                    idle-timeout: 1m
                """);
        WebSocketListenerConfig ws = c.listeners().ws();
        assertEquals(18080, ws.port());
        assertEquals("/sip", ws.path());
        assertEquals(java.util.List.of("https://shop.example"), ws.allowedOrigins());
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
    void shippedDefaultConfigIsValid() throws IOException {
        Path shipped = findRepoFile("config/webtrunk.yaml");
        GatewayConfig c = ConfigLoader.load(shipped, name -> null);
        assertEquals("127.0.0.1", c.listeners().ws().host());
        Path example = findRepoFile("config/production.example.yaml");
        Path secret = Files.createTempFile("gw", ".secret");
        try {
            Files.writeString(secret, "0123456789abcdef0123456789abcdef");
            ConfigLoader.load(example, name -> name.equals("WEBTRUNK_GATEWAY_SECRET") ? "prod-secret-from-env-0123456789" : null);
        } finally {
            Files.deleteIfExists(secret);
        }
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
