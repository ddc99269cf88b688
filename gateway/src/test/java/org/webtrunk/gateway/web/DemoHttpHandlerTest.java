package org.webtrunk.gateway.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.webtrunk.auth.CustomerTokens;
import org.webtrunk.gateway.config.DemoConfig;
import org.webtrunk.gateway.config.SecretSource;
import org.webtrunk.gateway.config.TokenServiceConfig;

class DemoHttpHandlerTest {
    private static final String SECRET = "demo-tenant-secret-0123456789";
    private static final long NOW = 1_700_000_000L;
    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BUNDLE_TEXT = "/*! test bundle */ var JsSIP = {};";

    @TempDir
    Path dir;
    private EmbeddedChannel channel;

    private static TokenServiceConfig tokenService() {
        return new TokenServiceConfig(true, Duration.ofMinutes(15), Duration.ofSeconds(600), 8, 2, 1000, 4096,
                List.of("wss://gw.example/"), "webtrunk", List.of(new TokenServiceConfig.Tenant("demo", List.of(SECRET),
                List.of(new SecretSource(SecretSource.Kind.INLINE, "inline")), List.of())));
    }

    private EmbeddedChannel channel(boolean enabled, Path bundle) {
        DemoConfig demo = new DemoConfig(enabled, "demo", "visitor", Duration.ofSeconds(60), bundle);
        channel = new EmbeddedChannel(new DemoHttpHandler(demo, tokenService(), "/", "/sip", CLOCK,
                DemoHttpHandler.class.getClassLoader(), new SecureRandom()));
        return channel;
    }

    private EmbeddedChannel enabled() throws IOException {
        Path bundle = dir.resolve("jssip.min.js");
        Files.writeString(bundle, BUNDLE_TEXT);
        return channel(true, bundle);
    }

    private static FullHttpRequest request(HttpMethod method, String uri) {
        FullHttpRequest r = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, uri, Unpooled.buffer(0));
        r.headers().set(HttpHeaderNames.HOST, "127.0.0.1:8080");
        return r;
    }

    private static FullHttpRequest get(String uri) {
        return request(HttpMethod.GET, uri);
    }

    /** Sends one request, checks it was released and answered, and returns the answer (caller releases). */
    private FullHttpResponse send(FullHttpRequest request) {
        channel.writeInbound(request);
        assertEquals(0, request.refCnt(), "the request must be released");
        assertNull(channel.readInbound(), "a demo request must not reach the next handler");
        FullHttpResponse r = channel.readOutbound();
        assertNotNull(r, "no response");
        return r;
    }

    private record Answer(HttpResponseStatus status, String contentType, String cacheControl, String body,
                          FullHttpResponse headersOnly) {
    }

    private Answer exchange(FullHttpRequest request) {
        FullHttpResponse r = send(request);
        try {
            return new Answer(r.status(), r.headers().get(HttpHeaderNames.CONTENT_TYPE),
                    r.headers().get(HttpHeaderNames.CACHE_CONTROL), r.content().toString(StandardCharsets.UTF_8),
                    r.replace(Unpooled.EMPTY_BUFFER));
        } finally {
            r.release();
        }
    }

    @AfterEach
    void finish() {
        if (channel != null) {
            assertFalse(channel.finish());
        }
    }

    @Test
    void pageIsHtmlThatRevalidatesAndMayOnlyTalkToItsOwnOrigin() throws Exception {
        enabled();
        Answer a = exchange(get("/demo/"));
        assertEquals(HttpResponseStatus.OK, a.status());
        assertEquals("text/html; charset=utf-8", a.contentType());
        assertEquals("no-cache", a.cacheControl());
        assertTrue(a.body().contains("<title>WebTrunk click-to-call demo</title>"), a.body());
        assertTrue(a.headersOnly().headers().get("content-security-policy").contains("script-src 'self'"));
        assertEquals("nosniff", a.headersOnly().headers().get("x-content-type-options"));
        assertEquals(a.body().getBytes(StandardCharsets.UTF_8).length,
                a.headersOnly().headers().getInt(HttpHeaderNames.CONTENT_LENGTH));
        assertEquals(a.body(), exchange(get("/demo/index.html")).body());
    }

    @Test
    void scriptsAndStylesHaveTheirTypesAndMayBeCachedBriefly() throws Exception {
        enabled();
        Answer js = exchange(get("/demo/demo.js"));
        assertEquals(HttpResponseStatus.OK, js.status());
        assertEquals("text/javascript; charset=utf-8", js.contentType());
        assertEquals("public, max-age=300", js.cacheControl());
        Answer css = exchange(get("/demo/demo.css?v=1"));
        assertEquals(HttpResponseStatus.OK, css.status());
        assertEquals("text/css; charset=utf-8", css.contentType());
    }

    @Test
    void jssipBundleComesFromTheConfiguredFile() throws Exception {
        enabled();
        Answer a = exchange(get("/demo/jssip.min.js"));
        assertEquals(HttpResponseStatus.OK, a.status());
        assertEquals("text/javascript; charset=utf-8", a.contentType());
        assertEquals(BUNDLE_TEXT, a.body());
    }

    @Test
    void missingBundleIs404SayingHowToBuildIt() {
        channel(true, dir.resolve("not-built/jssip.min.js"));
        Answer a = exchange(get("/demo/jssip.min.js"));
        assertEquals(HttpResponseStatus.NOT_FOUND, a.status());
        assertTrue(a.body().contains("scripts/build-demo.sh"), a.body());
        assertFalse(settings().path("jssipBundle").asBoolean(true));
    }

    @Test
    void headGivesTheHeadersWithoutTheBody() throws Exception {
        enabled();
        FullHttpResponse r = send(request(HttpMethod.HEAD, "/demo/demo.css"));
        try {
            assertEquals(HttpResponseStatus.OK, r.status());
            assertEquals(0, r.content().readableBytes());
            assertTrue(r.headers().getInt(HttpHeaderNames.CONTENT_LENGTH) > 0);
        } finally {
            r.release();
        }
    }

    @Test
    void pathsLeavingTheDemoFolderAreRefused403() throws Exception {
        enabled();
        for (String uri : List.of("/demo/../logback.xml", "/demo/%2e%2e/logback.xml", "/demo/..%2flogback.xml",
                "/demo/a/../../logback.xml", "/demo/./index.html", "/demo//etc/passwd", "/demo/%2fetc/passwd",
                "/demo/..%5c..%5clogback.xml", "/demo/index.html%00.js")) {
            Answer a = exchange(get(uri));
            assertEquals(HttpResponseStatus.FORBIDDEN, a.status(), uri);
            assertFalse(a.body().contains("<configuration"), uri);
        }
    }

    @Test
    void unknownFilesHiddenFilesAndOtherExtensionsAre404() throws Exception {
        enabled();
        for (String uri : List.of("/demo/nope.html", "/demo/index.php", "/demo/.hidden.js", "/demo/index",
                "/demo/a/b/c/d/e.js", "/demo/%zz")) {
            Answer a = exchange(get(uri));
            assertTrue(a.status() == HttpResponseStatus.NOT_FOUND || a.status() == HttpResponseStatus.BAD_REQUEST,
                    uri + " -> " + a.status());
        }
    }

    @Test
    void otherMethodsAre405WithAllow() throws Exception {
        enabled();
        Answer put = exchange(request(HttpMethod.PUT, "/demo/index.html"));
        assertEquals(HttpResponseStatus.METHOD_NOT_ALLOWED, put.status());
        assertEquals("GET, HEAD", put.headersOnly().headers().get(HttpHeaderNames.ALLOW));
        Answer getToken = exchange(get("/demo/customer-token"));
        assertEquals(HttpResponseStatus.METHOD_NOT_ALLOWED, getToken.status());
        assertEquals("POST", getToken.headersOnly().headers().get(HttpHeaderNames.ALLOW));
    }

    @Test
    void bareDemoPathRedirectsToThePage() throws Exception {
        enabled();
        Answer a = exchange(get("/demo"));
        assertEquals(HttpResponseStatus.MOVED_PERMANENTLY, a.status());
        assertEquals("/demo/", a.headersOnly().headers().get(HttpHeaderNames.LOCATION));
    }

    @Test
    void disabledDemoAnswers404ForEverything() {
        channel(false, null);
        for (FullHttpRequest r : List.of(get("/demo/"), get("/demo/index.html"), get("/demo/jssip.min.js"),
                request(HttpMethod.POST, "/demo/customer-token"), get("/demo/settings.json"))) {
            String uri = r.uri();
            Answer a = exchange(r);
            assertEquals(HttpResponseStatus.NOT_FOUND, a.status(), uri);
            assertFalse(a.body().contains("key"), uri);
        }
    }

    @Test
    void otherPathsAndWebSocketUpgradesPassThroughUntouched() throws Exception {
        enabled();
        for (String uri : List.of("/", "/v1/token", "/demonstration", "/sip")) {
            FullHttpRequest r = get(uri);
            channel.writeInbound(r);
            FullHttpRequest passed = channel.readInbound();
            assertEquals(uri, passed.uri());
            assertEquals(1, passed.refCnt());
            passed.release();
        }
        FullHttpRequest upgrade = get("/demo/");
        upgrade.headers().set(HttpHeaderNames.UPGRADE, "websocket");
        channel.writeInbound(upgrade);
        FullHttpRequest passed = channel.readInbound();
        assertEquals("/demo/", passed.uri());
        passed.release();
        assertNull(channel.readOutbound());
    }

    @Test
    void customerTokenIsSignedWithTheDemoTenantsSecretForAFreshVisitor() throws Exception {
        enabled();
        Answer a = exchange(request(HttpMethod.POST, "/demo/customer-token"));
        assertEquals(HttpResponseStatus.OK, a.status());
        assertEquals("application/json; charset=utf-8", a.contentType());
        assertEquals("no-store", a.cacheControl());
        JsonNode t = JSON.readTree(a.body());
        assertEquals("demo", t.path("tenant").asText());
        String account = t.path("account").asText();
        assertTrue(account.matches("visitor-[0-9a-f]{12}"), account);
        assertEquals(NOW + 60, t.path("expires").asLong());
        assertEquals(CustomerTokens.mintUntil(SECRET, account, NOW + 60).key(), t.path("key").asText());

        JsonNode other = JSON.readTree(exchange(request(HttpMethod.POST, "/demo/customer-token")).body());
        assertNotEquals(account, other.path("account").asText(), "each visitor gets an account of their own");
    }

    @Test
    void refreshKeepsTheVisitorsAccountButNeverMintsForOtherAccounts() throws Exception {
        enabled();
        JsonNode again = JSON.readTree(exchange(request(HttpMethod.POST,
                "/demo/customer-token?account=visitor-0123456789ab")).body());
        assertEquals("visitor-0123456789ab", again.path("account").asText());
        JsonNode alice = JSON.readTree(exchange(request(HttpMethod.POST, "/demo/customer-token?account=alice")).body());
        assertTrue(alice.path("account").asText().startsWith("visitor-"), alice.toString());
    }

    @Test
    void tokensAreMintedForTheGatewaysOwnPageOnly() throws Exception {
        enabled();
        FullHttpRequest foreign = request(HttpMethod.POST, "/demo/customer-token");
        foreign.headers().set(HttpHeaderNames.ORIGIN, "https://evil.example");
        Answer refused = exchange(foreign);
        assertEquals(HttpResponseStatus.FORBIDDEN, refused.status());
        assertFalse(refused.body().contains("key"));

        FullHttpRequest own = request(HttpMethod.POST, "/demo/customer-token");
        own.headers().set(HttpHeaderNames.ORIGIN, "http://127.0.0.1:8080");
        assertEquals(HttpResponseStatus.OK, exchange(own).status());
    }

    @Test
    void settingsTellThePageItsTenantAndWebSocketPaths() throws Exception {
        enabled();
        JsonNode s = JSON.readTree(exchange(get("/demo/settings.json")).body());
        assertEquals("demo", s.path("tenant").asText());
        assertEquals("/v1/token", s.path("tokenService").asText());
        assertEquals("/", s.path("webSocketPath").path("ws").asText());
        assertEquals("/sip", s.path("webSocketPath").path("wss").asText());
        assertTrue(s.path("jssipBundle").asBoolean());
    }

    @Test
    void undecodableRequestIs400AndClosesTheConnection() throws Exception {
        enabled();
        FullHttpRequest bad = get("/demo/");
        bad.setDecoderResult(io.netty.handler.codec.DecoderResult.failure(new IllegalArgumentException("bad")));
        FullHttpResponse r = send(bad);
        try {
            assertEquals(HttpResponseStatus.BAD_REQUEST, r.status());
        } finally {
            r.release();
        }
        assertFalse(channel.isOpen());
    }

    @Test
    void sameOriginComparesHostAndPortWithDefaults() {
        assertTrue(DemoHttpHandler.sameOrigin(null, "127.0.0.1:8080"));
        assertTrue(DemoHttpHandler.sameOrigin("http://127.0.0.1:8080", "127.0.0.1:8080"));
        assertTrue(DemoHttpHandler.sameOrigin("https://GW.example", "gw.example:443"));
        assertTrue(DemoHttpHandler.sameOrigin("http://[::1]:8080", "[::1]:8080"));
        assertFalse(DemoHttpHandler.sameOrigin("http://127.0.0.1:8081", "127.0.0.1:8080"));
        assertFalse(DemoHttpHandler.sameOrigin("https://gw.example", "gw.example:80"));
        assertFalse(DemoHttpHandler.sameOrigin("null", "gw.example"));
        assertFalse(DemoHttpHandler.sameOrigin("http://gw.example", null));
        assertFalse(DemoHttpHandler.sameOrigin("http://gw.example", "gw.example/x"));
    }

    private JsonNode settings() {
        try {
            return JSON.readTree(exchange(get("/demo/settings.json")).body());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
