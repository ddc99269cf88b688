package org.webtrunk.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.webtrunk.auth.CredentialCheck;
import org.webtrunk.auth.CustomerToken;
import org.webtrunk.auth.CustomerTokens;
import org.webtrunk.auth.EphemeralConfig;
import org.webtrunk.auth.EphemeralCredentialVerifier;
import org.webtrunk.gateway.config.ConfigLoader;
import org.webtrunk.gateway.config.GatewayConfig;
import org.webtrunk.gateway.token.TokenServer;

/**
 * An operator runs {@code run.sh --token-service-only} on its own host, from the same config file as the gateways:
 * the token service alone answers on the {@code listeners.ws} address, hands out credentials the gateways accept
 * (they share only the gateway secret), keeps tenants apart, and serves nothing of the gateway.
 */
class TokenServiceOnlyIT {
    private static final String GATEWAY_SECRET = "token-only-it-gateway-secret-0123456789";
    private static final String ACME_SECRET = "token-only-it-acme-secret-0123456789";
    private static final String BETA_SECRET = "token-only-it-beta-secret-0123456789";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    private GatewayConfig config(boolean tokenServiceEnabled) {
        String yaml = """
                listeners:
                  ws: {host: 127.0.0.1, port: 0}
                  wss: {enabled: false}
                  udp: {host: 127.0.0.1, port: 0}
                  tcp: {host: 127.0.0.1, port: 0}
                  tls: {enabled: false}
                admin: {enabled: false}
                token-service:
                  enabled: %s
                  uris: ["wss://gw1.example.com/"]
                  tenants:
                    - {id: acme, secrets: [{env: ACME_SECRET}]}
                    - {id: beta, secrets: [{env: BETA_SECRET}]}
                """.formatted(tokenServiceEnabled);
        Map<String, String> env = Map.of("WEBTRUNK_GATEWAY_SECRET", GATEWAY_SECRET, "ACME_SECRET", ACME_SECRET,
                "BETA_SECRET", BETA_SECRET);
        return ConfigLoader.parse(yaml, "token-only.yaml", dir, env::get);
    }

    private HttpResponse<String> exchange(TokenServer server, String tenant, CustomerToken t) throws Exception {
        String body = JSON.createObjectNode().put("tenant", tenant).put("account", t.account())
                .put("expires", t.expires()).put("key", t.key()).toString();
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/v1/token"))
                .timeout(TIMEOUT).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void tokenServiceAloneHandsOutCredentialsTheGatewaysAccept() throws Exception {
        try (TokenServer server = TokenServiceOnly.start(config(true), Clock.systemUTC())) {
            assertEquals("127.0.0.1", server.localAddress().getAddress().getHostAddress());
            HttpResponse<String> r = exchange(server, "acme",
                    CustomerTokens.mint(ACME_SECRET, "alice", 120, Clock.systemUTC()));
            assertEquals(200, r.statusCode(), r.body());
            JsonNode b = JSON.readTree(r.body());
            CredentialCheck check = new EphemeralCredentialVerifier(EphemeralConfig.of(List.of(GATEWAY_SECRET)),
                    Clock.systemUTC()).verify(b.path("username").asText(), b.path("password").asText());
            assertTrue(check.valid(), check.toString());
            assertEquals("acme", check.identity().tenant());
            assertEquals("wss://gw1.example.com/", b.path("uris").get(0).asText());
        }
    }

    @Test
    void oneTenantsTokenCannotBeTradedAsAnotherTenants() throws Exception {
        try (TokenServer server = TokenServiceOnly.start(config(true), Clock.systemUTC())) {
            CustomerToken acmes = CustomerTokens.mint(ACME_SECRET, "alice", 120, Clock.systemUTC());
            HttpResponse<String> asBeta = exchange(server, "beta", acmes);
            assertEquals(401, asBeta.statusCode(), asBeta.body());
            assertEquals("bad_key", JSON.readTree(asBeta.body()).path("error").asText());
            assertTrue(!asBeta.body().contains("username") && !asBeta.body().contains(acmes.key()), asBeta.body());

            HttpResponse<String> betas = exchange(server, "beta",
                    CustomerTokens.mint(BETA_SECRET, "alice", 120, Clock.systemUTC()));
            assertEquals(200, betas.statusCode(), betas.body());
            assertTrue(JSON.readTree(betas.body()).path("username").asText().contains(":beta."), betas.body());
        }
    }

    @Test
    void nothingOfTheGatewayIsServed() throws Exception {
        try (TokenServer server = TokenServiceOnly.start(config(true), Clock.systemUTC())) {
            HttpResponse<String> upgrade = http.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + server.port() + "/")).timeout(TIMEOUT)
                    .header("Sec-WebSocket-Protocol", "sip").GET().build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(404, upgrade.statusCode());
            HttpResponse<String> demo = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.port() + "/demo/")).timeout(TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(404, demo.statusCode());
        }
    }

    @Test
    void refusesToStartWhenTheTokenServiceIsOff() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> TokenServiceOnly.start(config(false), Clock.systemUTC()));
        assertTrue(e.getMessage().contains("token-service.enabled"), e.getMessage());
    }
}
