package org.webtrunk.gateway.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.webtrunk.gateway.token.TokenFixtures.ACME_ORIGIN;
import static org.webtrunk.gateway.token.TokenFixtures.GATEWAY;
import static org.webtrunk.gateway.token.TokenFixtures.SECRET_ACME;
import static org.webtrunk.gateway.token.TokenFixtures.SECRET_BETA;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.webtrunk.auth.CredentialCheck;
import org.webtrunk.auth.CustomerToken;
import org.webtrunk.auth.CustomerTokens;
import org.webtrunk.auth.EphemeralCredentialVerifier;
import org.webtrunk.gateway.config.TokenServiceConfig;

/**
 * A web page's backend mints a customer token (with {@code scripts/mint-customer-token.sh} when it is built), the
 * page trades it at the stand-alone token service over loopback HTTP and gets credentials the gateway accepts.
 */
class TokenServiceIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private TokenServer server;
    private URI tokenUri;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    @BeforeEach
    void start() {
        TokenServiceConfig base = TokenFixtures.config();
        // A low per-source limit so the 429 shows within a few requests however slow the machine is.
        TokenServiceConfig config = new TokenServiceConfig(true, base.credentialTtl(), base.maxTokenLifetime(), 3,
                base.perAccountRate(), base.rateTableSize(), base.maxBodyBytes(), base.uris(), base.realm(),
                List.of(TokenFixtures.tenant("acme", SECRET_ACME, ACME_ORIGIN),
                        TokenFixtures.tenant("beta", SECRET_BETA)));
        server = new TokenServer("127.0.0.1", 0, new TokenHttpHandler(config, GATEWAY, new SimpleMeterRegistry(),
                Clock.systemUTC()));
        server.start();
        tokenUri = URI.create("http://127.0.0.1:" + server.port() + TokenHttpHandler.TOKEN_PATH);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void pageTradesACustomerTokenForGatewayCredentials() throws Exception {
        ObjectNode token = mintCustomerToken("alice");
        token.put("tenant", "acme");
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(tokenUri).timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(token.toString())).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        JsonNode b = JSON.readTree(r.body());
        CredentialCheck check = new EphemeralCredentialVerifier(GATEWAY, Clock.systemUTC())
                .verify(b.path("username").asText(), b.path("password").asText());
        assertTrue(check.valid(), check.toString());
        assertEquals("acme", check.identity().tenant());
        assertEquals(900, b.path("ttl").asLong());
        assertEquals(TokenFixtures.URI, b.path("uris").get(0).asText());
        assertEquals("no-store", r.headers().firstValue("cache-control").orElse(""));
    }

    @Test
    void browserPreflightIsAnsweredForTheTenantsSite() throws Exception {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(tokenUri).timeout(TIMEOUT)
                .header("Origin", ACME_ORIGIN)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(204, r.statusCode());
        assertEquals(ACME_ORIGIN, r.headers().firstValue("access-control-allow-origin").orElse(""));
        assertTrue(r.headers().firstValue("access-control-allow-methods").orElse("").contains("POST"));
    }

    @Test
    void floodFromOneAddressGets429WithRetryAfter() throws Exception {
        String form = "tenant=beta&account=x&expires=1&key=AAAAAAAAAAAAAAAAAAAAAAAAAAA%3D";
        HttpResponse<String> last = null;
        for (int i = 0; i < 30; i++) {
            last = client.send(HttpRequest.newBuilder(tokenUri).timeout(TIMEOUT)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
            if (last.statusCode() == 429) {
                break;
            }
        }
        assertEquals(429, last.statusCode(), last.body());
        assertEquals("rate_limited", JSON.readTree(last.body()).path("error").asText());
        assertTrue(Integer.parseInt(last.headers().firstValue("retry-after").orElse("0")) >= 1);
    }

    @Test
    void otherPathsAreJson404() throws Exception {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(tokenUri.resolve("/")).timeout(TIMEOUT).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(404, r.statusCode());
        assertEquals("not_found", JSON.readTree(r.body()).path("error").asText());
    }

    /**
     * The token as a tenant backend makes it: with the repository's script when sip-auth is built (building it
     * from here would run Maven inside Maven), else with the same Java API the script calls.
     */
    private static ObjectNode mintCustomerToken(String account) throws IOException, InterruptedException {
        Path root = Path.of("").toAbsolutePath().getParent();
        Path script = root.resolve("scripts/mint-customer-token.sh");
        Path jar = root.resolve("sip-auth/target/sip-auth-0.1.0-SNAPSHOT.jar");
        if (Files.isRegularFile(script) && Files.isRegularFile(jar)) {
            ProcessBuilder pb = new ProcessBuilder("bash", script.toString(), "--account", account, "--ttl", "300");
            pb.environment().put("WEBTRUNK_SECRET", SECRET_ACME);
            pb.redirectError(ProcessBuilder.Redirect.DISCARD);
            Process p = pb.start();
            try {
                byte[] out = p.getInputStream().readNBytes(4096);
                assertTrue(p.waitFor(20, TimeUnit.SECONDS), "mint-customer-token.sh did not finish");
                assertEquals(0, p.exitValue(), "mint-customer-token.sh failed");
                return (ObjectNode) JSON.readTree(new String(out, StandardCharsets.UTF_8));
            } finally {
                p.destroyForcibly();
            }
        }
        CustomerToken t = CustomerTokens.mint(SECRET_ACME, account, 300, Clock.systemUTC());
        ObjectNode n = JSON.createObjectNode();
        n.put("account", t.account()).put("expires", t.expires()).put("key", t.key());
        return n;
    }
}
