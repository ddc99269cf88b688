package org.webtrunk.gateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenServiceConfigTest {
    private static final String S1 = "acme-tenant-secret-0123456789";
    private static final String S2 = "beta-tenant-secret-0123456789";

    @TempDir
    Path dir;

    private final ConfigErrors errors = new ConfigErrors("test.yaml");
    private final AuthConfig auth = AuthConfig.read(Yaml.node("", new ConfigErrors("auth")).section("auth"), n -> null, Path.of("."));

    private TokenServiceConfig read(String yaml, Map<String, String> env) {
        return TokenServiceConfig.read(Yaml.node(yaml, errors).section("token-service"), env::get, dir, auth,
                List.of("wss://derived.example/"));
    }

    @Test
    void emptySectionGivesTheDocumentedDefaults() {
        TokenServiceConfig c = read("", Map.of());
        assertTrue(errors.isEmpty(), errors.messages().toString());
        assertTrue(c.enabled());
        assertEquals(Duration.ofMinutes(15), c.credentialTtl());
        assertEquals(Duration.ofSeconds(600), c.maxTokenLifetime());
        assertEquals(8, c.perIpRate());
        assertEquals(2, c.perAccountRate());
        assertEquals(4096, c.maxBodyBytes());
        assertEquals(List.of("wss://derived.example/"), c.uris());
        assertEquals("webtrunk", c.realm());
        assertEquals(List.of(), c.tenants());
    }

    @Test
    void tenantsReadSecretsFromEnvFileAndInlineAndFlagInline() throws IOException {
        Files.writeString(dir.resolve("beta.secret"), S2 + "\n");
        TokenServiceConfig c = read("""
                token-service:
                  credential-ttl: 5m
                  uris: [wss://gw.example.com/sip]
                  tenants:
                    - id: acme
                      secrets: [{env: ACME_SECRET}]
                      allowed-origins: [https://App.Acme.example/, http://localhost:3000]
                    - id: beta
                      secrets: [{file: beta.secret}, {value: dev-only-inline-secret-42}]
                """, Map.of("ACME_SECRET", S1));
        assertTrue(errors.isEmpty(), errors.messages().toString());
        assertEquals(Duration.ofMinutes(5), c.credentialTtl());
        assertEquals(List.of("wss://gw.example.com/sip"), c.uris());
        TokenServiceConfig.Tenant acme = c.tenants().get(0);
        assertEquals(List.of(S1), acme.secrets());
        assertEquals(List.of("https://app.acme.example", "http://localhost:3000"), acme.allowedOrigins());
        assertFalse(acme.usingInlineSecrets());
        TokenServiceConfig.Tenant beta = c.tenants().get(1);
        assertEquals(List.of(S2, "dev-only-inline-secret-42"), beta.secrets());
        assertEquals(SecretSource.Kind.INLINE, beta.secretSources().get(1).kind());
        assertTrue(c.usingInlineSecrets());
    }

    @Test
    void secretsNeverAppearInToString() {
        TokenServiceConfig c = read("token-service: {tenants: [{id: acme, secrets: [{env: A}]}]}", Map.of("A", S1));
        assertTrue(errors.isEmpty(), errors.messages().toString());
        assertFalse(c.toString().contains(S1), c.toString());
    }

    @Test
    void everyProblemIsReportedWithItsKeyAndNoSecret() {
        read("""
                token-service:
                  credential-ttl: 2d
                  per-ip-rate: 0
                  uris: [https://not-a-websocket.example/]
                  colour: blue
                  tenants:
                    - id: Acme!
                      secrets: [{value: short}]
                    - id: beta
                      secrets: []
                      allowed-origins: [https://beta.example/path]
                    - id: gamma
                      secrets: [{env: UNSET_VAR}, {env: X, file: y}]
                """, Map.of());
        String all = String.join("\n", errors.messages());
        assertTrue(all.contains("token-service.credential-ttl"), all);
        assertTrue(all.contains("token-service.per-ip-rate"), all);
        assertTrue(all.contains("token-service.uris"), all);
        assertTrue(all.contains("token-service.colour: unknown key"), all);
        assertTrue(all.contains("token-service.tenants[0].id"), all);
        assertTrue(all.contains("token-service.tenants[0].secrets[0].value"), all);
        assertTrue(all.contains("token-service.tenants[1].secrets"), all);
        assertTrue(all.contains("token-service.tenants[1].allowed-origins"), all);
        assertTrue(all.contains("UNSET_VAR is not set"), all);
        assertTrue(all.contains("exactly one of env, file or value"), all);
        assertFalse(all.contains("short'") || all.contains(": short"), all);
    }

    @Test
    void credentialTtlBeyondWhatTheGatewayAcceptsIsAnError() {
        AuthConfig strict = AuthConfig.read(Yaml.node("auth: {max-credential-ttl: 10m}", new ConfigErrors("a")).section("auth"),
                n -> null, dir);
        TokenServiceConfig.read(Yaml.node("token-service: {credential-ttl: 15m}", errors).section("token-service"),
                n -> null, dir, strict, List.of());
        assertTrue(String.join("\n", errors.messages()).contains("auth.max-credential-ttl"), errors.messages().toString());
    }

    @Test
    void twoTenantsSharingASecretIsAnErrorThatNamesNoSecret() {
        read("""
                token-service:
                  tenants:
                    - {id: acme, secrets: [{env: S}]}
                    - {id: beta, secrets: [{env: S}]}
                    - {id: acme, secrets: [{env: T}]}
                """, Map.of("S", S1, "T", S2));
        String all = String.join("\n", errors.messages());
        assertTrue(all.contains("token-service.tenants[1].secrets: a secret is also used by tenant 'acme'"), all);
        assertTrue(all.contains("token-service.tenants[2].id: duplicate tenant id"), all);
        assertFalse(all.contains(S1), all);
    }
}
