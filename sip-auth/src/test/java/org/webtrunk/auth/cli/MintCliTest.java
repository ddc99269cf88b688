package org.webtrunk.auth.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.webtrunk.auth.CustomerTokenVerifier;
import org.webtrunk.auth.EphemeralConfig;
import org.webtrunk.auth.EphemeralCredentialVerifier;
import org.webtrunk.auth.HmacAlgorithm;
import org.webtrunk.auth.TokenStatus;
import org.webtrunk.auth.UsernameFormat;

class MintCliTest {
    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(1_700_000_000L), ZoneOffset.UTC);
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int credentials(Map<String, String> env, String... args) {
        return MintCredentials.run(args, env, CLOCK, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private int token(Map<String, String> env, String... args) {
        return MintCustomerToken.run(args, env, CLOCK, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String field(String name) {
        Matcher m = Pattern.compile("\"" + name + "\":(\"((?:[^\"\\\\]|\\\\.)*)\"|(\\d+))").matcher(out.toString(StandardCharsets.UTF_8));
        assertTrue(m.find(), () -> "no " + name + " in " + out);
        return m.group(2) != null ? m.group(2) : m.group(3);
    }

    @Test
    void mintsVerifiableCredentials() {
        assertEquals(0, credentials(Map.of(), "--secret", "s3cret", "--id", "acme.alice", "--ttl", "600",
                "--format", "id-first", "--hmac", "sha256"));
        assertEquals("acme.alice:1700000600", field("username"));
        assertEquals("600", field("ttl"));
        assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("{\"username\":"));
        EphemeralCredentialVerifier v = new EphemeralCredentialVerifier(
                new EphemeralConfig(List.of("s3cret"), HmacAlgorithm.SHA256, UsernameFormat.ID_FIRST), CLOCK);
        assertTrue(v.verify(field("username"), field("password")).valid());
    }

    @Test
    void secretFromFileOrEnvironment(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("secret");
        Files.writeString(f, "from-file\n");
        assertEquals(0, credentials(Map.of(), "--secret-file", f.toString(), "--id", "a.b", "--ttl", "60"));
        String fromFile = field("password");
        out.reset();
        assertEquals(0, credentials(Map.of("WEBTRUNK_SECRET", "from-file"), "--id", "a.b", "--ttl", "60"));
        assertEquals(fromFile, field("password"));
        out.reset();
        assertEquals(0, credentials(Map.of(), "--secret", "from-file", "--id", "a.b", "--ttl", "60"));
        assertEquals(fromFile, field("password"));
    }

    @Test
    void badArgumentsExitTwoWithUsage() {
        assertEquals(2, credentials(Map.of(), "--id", "a.b", "--ttl", "60"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("usage: mint-credentials.sh"));
        assertEquals("", out.toString(StandardCharsets.UTF_8));
        assertEquals(2, credentials(Map.of(), "--secret", "s", "--id", "a.b", "--ttl", "soon"));
        assertEquals(2, credentials(Map.of(), "--secret", "s", "--id", "a.b", "--ttl", "-1"));
        assertEquals(2, credentials(Map.of(), "--secret", "s", "--id", "a.b", "--ttl", "60", "--hmac", "md5"));
        assertEquals(2, credentials(Map.of(), "--secret", "s", "--id", "a:b", "--ttl", "60", "--format", "id-first"));
        assertEquals(2, credentials(Map.of(), "--secret", "s", "--id", "a.b", "--ttl"));
        assertEquals(2, credentials(Map.of(), "--secret", "s", "--secret-file", "/x", "--id", "a.b", "--ttl", "6"));
        assertEquals(2, credentials(Map.of(), "--secret-file", "/nonexistent/file", "--id", "a.b", "--ttl", "6"));
        assertEquals(2, credentials(Map.of(), "--bogus", "1"));
        assertFalse(err.toString(StandardCharsets.UTF_8).contains("Exception"));
    }

    @Test
    void mintsVerifiableCustomerTokens() {
        assertEquals(0, token(Map.of(), "--secret", "tenant-secret", "--account", "alice \"the\" user", "--ttl", "120"));
        assertEquals("alice \\\"the\\\" user", field("account"));
        assertEquals("1700000120", field("expires"));
        CustomerTokenVerifier v = new CustomerTokenVerifier(List.of("tenant-secret"), CustomerTokenVerifier.DEFAULT_MAX_LIFETIME, CLOCK);
        assertEquals(TokenStatus.VALID, v.verify("alice \"the\" user", 1_700_000_120L, field("key")));
        out.reset();
        assertEquals(0, token(Map.of("WEBTRUNK_SECRET", "tenant-secret"), "--account", "bob"));
        assertEquals("1700000300", field("expires"));
        assertEquals(2, token(Map.of(), "--account", "bob"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("usage: mint-customer-token.sh"));
    }

    @Test
    void jsonEscapesControlCharacters() {
        assertEquals("{\"a\":\"q\\\"b\\\\s\\n\\u0001\",\"n\":5}", new Json().string("a", "q\"b\\s\n\u0001").number("n", 5).toString());
    }

    /** The scripts run the CLI with only the sip-auth jar: no Caffeine may be reachable from it. */
    @Test
    void cliRunsWithoutCaffeineOnTheClassPath() throws Exception {
        URL classes = MintCredentials.class.getProtectionDomain().getCodeSource().getLocation();
        try (URLClassLoader isolated = new URLClassLoader(new URL[] {classes}, ClassLoader.getPlatformClassLoader())) {
            assertThrows(ClassNotFoundException.class,
                    () -> Class.forName("com.github.benmanes.caffeine.cache.Caffeine", false, isolated));
            for (String cli : List.of("org.webtrunk.auth.cli.MintCredentials", "org.webtrunk.auth.cli.MintCustomerToken")) {
                Class<?> c = Class.forName(cli, true, isolated);
                Method run = c.getDeclaredMethod("run", String[].class, Map.class, Clock.class, PrintStream.class, PrintStream.class);
                run.setAccessible(true);
                String[] args = cli.endsWith("MintCredentials")
                        ? new String[] {"--secret", "s", "--id", "a.b", "--ttl", "60"}
                        : new String[] {"--secret", "s", "--account", "a"};
                assertEquals(0, run.invoke(null, args, Map.of(), CLOCK, new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8)), err::toString);
            }
        }
    }
}
