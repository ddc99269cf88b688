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
import org.webtrunk.auth.HmacAlgorithm;
import org.webtrunk.auth.UsernameFormat;

class AuthConfigTest {
    private static final String S1 = "first-secret-0123456789";
    private static final String S2 = "second-secret-0123456789";
    private static final String S3 = "third-secret-0123456789";

    @TempDir
    Path dir;

    private final ConfigErrors errors = new ConfigErrors("test.yaml");

    private AuthConfig read(String yaml, Map<String, String> env) {
        return AuthConfig.read(Yaml.node(yaml, errors).section("auth"), env::get, dir);
    }

    @Test
    void emptySectionUsesDefaultsAndTheDevSecret() {
        AuthConfig c = read("", Map.of());
        assertTrue(errors.isEmpty(), errors.messages().toString());
        assertEquals("webtrunk", c.realm());
        assertEquals(List.of(AuthConfig.DEV_SECRET), c.secrets());
        assertTrue(c.usingDevSecret());
        assertEquals(HmacAlgorithm.SHA1, c.hmac());
        assertEquals(UsernameFormat.TIMESTAMP_FIRST, c.usernameFormat());
        assertEquals(Duration.ofMinutes(5), c.nonceLifetime());
        assertFalse(c.requireFromMatch());
        assertEquals(Duration.ofHours(24), c.maxCredentialTtl());
    }

    @Test
    void gatewaySecretEnvironmentVariableIsTheNewestSecret() throws IOException {
        Files.writeString(dir.resolve("old.secret"), S2 + "\n");
        AuthConfig c = read("""
                auth:
                  secrets:
                    - {file: old.secret}
                    - {env: OLD_SECRET}
                """, Map.of("WEBTRUNK_GATEWAY_SECRET", S1, "OLD_SECRET", S3));
        assertTrue(errors.isEmpty(), errors.messages().toString());
        assertEquals(List.of(S1, S2, S3), c.secrets());
        assertEquals(SecretSource.Kind.ENV, c.secretSources().get(0).kind());
        assertEquals(SecretSource.Kind.FILE, c.secretSources().get(1).kind());
        assertEquals(dir.resolve("old.secret").toAbsolutePath().toString(), c.secretSources().get(1).location());
        assertFalse(c.usingDevSecret());
    }

    @Test
    void secretFileIsReadRelativeToTheConfigFolderAndTrimmed() throws IOException {
        Files.createDirectories(dir.resolve("secrets"));
        Files.writeString(dir.resolve("secrets/gw"), "  " + S1 + "\r\n");
        AuthConfig c = read("auth: {secrets: [{file: secrets/gw}]}", Map.of());
        assertTrue(errors.isEmpty(), errors.messages().toString());
        assertEquals(List.of(S1), c.secrets());
    }

    @Test
    void theSameSecretTwiceIsKeptOnce() {
        AuthConfig c = read("auth: {secrets: [{env: WEBTRUNK_GATEWAY_SECRET}]}", Map.of("WEBTRUNK_GATEWAY_SECRET", S1));
        assertTrue(errors.isEmpty(), errors.messages().toString());
        assertEquals(List.of(S1), c.secrets());
    }

    @Test
    void missingFileAndUnsetVariableAreErrorsNamingTheirKeys() {
        read("""
                auth:
                  secrets:
                    - {file: nowhere.secret}
                    - {env: NOT_SET}
                """, Map.of());
        List<String> m = errors.messages();
        assertEquals(2, m.size(), m.toString());
        assertTrue(m.get(0).contains("auth.secrets[0].file") && m.get(0).contains("not found"), m.get(0));
        assertTrue(m.get(1).contains("auth.secrets[1].env") && m.get(1).contains("NOT_SET is not set"), m.get(1));
    }

    @Test
    void inlineSecretNeedsDevOnlyAndTurnsOnTheWarning() {
        read("auth: {secrets: [{value: " + S1 + "}]}", Map.of());
        assertEquals(1, errors.messages().size());
        String message = errors.messages().get(0);
        assertTrue(message.contains("auth.secrets[0].value") && message.contains("dev-only"), message);
        assertFalse(message.contains(S1), "the secret must not appear in the error");

        ConfigErrors ok = new ConfigErrors("ok.yaml");
        AuthConfig c = AuthConfig.read(Yaml.node("auth: {secrets: [{value: " + S1 + ", dev-only: true}]}", ok)
                .section("auth"), k -> null, dir);
        assertTrue(ok.isEmpty(), ok.messages().toString());
        assertEquals(List.of(S1), c.secrets());
        assertTrue(c.usingDevSecret());
    }

    @Test
    void shortSecretIsRefusedWithoutShowingIt() {
        read("", Map.of("WEBTRUNK_GATEWAY_SECRET", "hunter2"));
        assertEquals(1, errors.messages().size());
        String message = errors.messages().get(0);
        assertTrue(message.contains("shorter than 16"), message);
        assertFalse(message.contains("hunter2"), message);
    }

    @Test
    void entryWithTwoSourcesOrNoneIsAnError() {
        read("auth: {secrets: [{env: A, file: b}, {dev-only: true}]}", Map.of("A", S1));
        List<String> m = errors.messages();
        assertEquals(2, m.size(), m.toString());
        assertTrue(m.get(0).contains("auth.secrets[0]: must have exactly one of env, file or value"), m.get(0));
        assertTrue(m.get(1).contains("auth.secrets[1]: must have exactly one"), m.get(1));
    }

    @Test
    void toStringNeverShowsSecrets() {
        AuthConfig c = read("auth: {secrets: [{env: OLD}]}", Map.of("WEBTRUNK_GATEWAY_SECRET", S1, "OLD", S2));
        String text = c.toString();
        assertFalse(text.contains(S1) || text.contains(S2), text);
        assertTrue(text.contains("2 redacted") && text.contains("env OLD"), text);
    }

    @Test
    void readsEverySetting() {
        AuthConfig c = read("""
                auth:
                  realm: example.com
                  hmac: sha256
                  username-format: id-first
                  nonce-lifetime: 2m
                  require-from-match: true
                  max-credential-ttl: 1h
                """, Map.of("WEBTRUNK_GATEWAY_SECRET", S1));
        assertTrue(errors.isEmpty(), errors.messages().toString());
        assertEquals("example.com", c.realm());
        assertEquals(HmacAlgorithm.SHA256, c.hmac());
        assertEquals(UsernameFormat.ID_FIRST, c.usernameFormat());
        assertEquals(Duration.ofMinutes(2), c.nonceLifetime());
        assertTrue(c.requireFromMatch());
        assertEquals(Duration.ofHours(1), c.maxCredentialTtl());
    }

    @Test
    void badValuesAreErrorsNamingTheirKeys() {
        read("""
                auth:
                  realm: 'a "quoted" realm'
                  hmac: md5
                  username-format: sideways
                  nonce-lifetime: 1s
                  secret: oops
                """, Map.of());
        String all = String.join("\n", errors.messages());
        assertEquals(5, errors.messages().size(), all);
        for (String key : List.of("auth.realm", "auth.hmac", "auth.username-format", "auth.nonce-lifetime",
                "auth.secret: unknown key")) {
            assertTrue(all.contains(key), key + " missing in\n" + all);
        }
    }
}
