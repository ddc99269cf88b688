package org.webtrunk.gateway.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.webtrunk.gateway.token.TokenFixtures.ACME_ORIGIN;
import static org.webtrunk.gateway.token.TokenFixtures.BETA_ORIGIN;
import static org.webtrunk.gateway.token.TokenFixtures.GATEWAY;
import static org.webtrunk.gateway.token.TokenFixtures.NOW;
import static org.webtrunk.gateway.token.TokenFixtures.SECRET_ACME;
import static org.webtrunk.gateway.token.TokenFixtures.SECRET_BETA;
import static org.webtrunk.gateway.token.TokenFixtures.body;
import static org.webtrunk.gateway.token.TokenFixtures.json;
import static org.webtrunk.gateway.token.TokenFixtures.post;
import static org.webtrunk.gateway.token.TokenFixtures.postJson;
import static org.webtrunk.gateway.token.TokenFixtures.request;
import static org.webtrunk.gateway.token.TokenFixtures.token;
import static org.webtrunk.gateway.token.TokenFixtures.withOrigin;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.webtrunk.auth.CredentialCheck;
import org.webtrunk.auth.CustomerToken;
import org.webtrunk.auth.EphemeralCredentialVerifier;
import org.webtrunk.gateway.config.TokenServiceConfig;

class TokenHttpHandlerTest {
    private final TokenFixtures.MutableClock clock = new TokenFixtures.MutableClock();
    private final TokenFixtures.FakeTicker ticker = new TokenFixtures.FakeTicker();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private TokenFixtures.PeerChannel channel;

    private TokenFixtures.PeerChannel channel(TokenServiceConfig config, String ip) throws Exception {
        TokenHttpHandler handler = new TokenHttpHandler(config, GATEWAY, registry, clock, ticker, new SecureRandom());
        return new TokenFixtures.PeerChannel(ip, handler);
    }

    private TokenFixtures.PeerChannel channel() throws Exception {
        if (channel == null) {
            channel = channel(TokenFixtures.config(), "192.0.2.10");
        }
        return channel;
    }

    /** Sends one request and returns the body; checks status and releases the response. */
    private JsonNode exchange(FullHttpRequest request, HttpResponseStatus expected) throws Exception {
        FullHttpResponse r = send(request);
        try {
            assertEquals(expected, r.status(), () -> r.content().toString(StandardCharsets.UTF_8));
            assertEquals("application/json; charset=utf-8", r.headers().get(HttpHeaderNames.CONTENT_TYPE));
            assertEquals("no-store", r.headers().get(HttpHeaderNames.CACHE_CONTROL));
            return body(r);
        } finally {
            r.release();
        }
    }

    private FullHttpResponse send(FullHttpRequest request) throws Exception {
        channel().writeInbound(request);
        FullHttpResponse r = channel().readOutbound();
        assertNotNull(r, "no response");
        assertEquals(0, request.refCnt(), "the request must be released");
        return r;
    }

    private void assertError(FullHttpRequest request, HttpResponseStatus status, String code) throws Exception {
        JsonNode b = exchange(request, status);
        assertEquals(code, b.path("error").asText(), b.toString());
        assertTrue(b.path("message").isTextual());
    }

    private double count(String outcome, String tenant) {
        var c = registry.find(TokenMetrics.EXCHANGES).tag("outcome", outcome).tag("tenant", tenant).counter();
        return c == null ? 0 : c.count();
    }

    @AfterEach
    void finish() {
        if (channel != null) {
            assertFalse(channel.finish());
        }
    }

    @Test
    void validTokenBuysCredentialsInTheTurnRestShapeThatVerifyAtTheGateway() throws Exception {
        JsonNode b = exchange(postJson(json("acme", token(SECRET_ACME, "alice", 300))), HttpResponseStatus.OK);
        assertEquals(900, b.path("ttl").asLong());
        assertEquals(NOW + 900, b.path("expires").asLong());
        assertEquals("webtrunk", b.path("realm").asText());
        assertEquals(List.of(TokenFixtures.URI), List.of(b.path("uris").get(0).asText()));
        assertEquals(1, b.path("uris").size());
        String username = b.path("username").asText();
        assertTrue(username.startsWith((NOW + 900) + ":acme."), username);
        CredentialCheck check = new EphemeralCredentialVerifier(GATEWAY, clock).verify(username, b.path("password").asText());
        assertTrue(check.valid(), check.toString());
        assertEquals("acme", check.identity().tenant());
        assertEquals(1, count("ok", "acme"));
    }

    @Test
    void eachExchangeGetsItsOwnCaller() throws Exception {
        String u1 = exchange(postJson(json("acme", token(SECRET_ACME, "alice", 300))), HttpResponseStatus.OK).path("username").asText();
        String u2 = exchange(postJson(json("acme", token(SECRET_ACME, "alice", 300))), HttpResponseStatus.OK).path("username").asText();
        assertFalse(u1.equals(u2));
    }

    @Test
    void formFieldsAreAccepted() throws Exception {
        CustomerToken t = token(SECRET_ACME, "bob smith", 300);
        String form = "tenant=acme&account=" + URLEncoder.encode(t.account(), StandardCharsets.UTF_8) + "&expires="
                + t.expires() + "&key=" + URLEncoder.encode(t.key(), StandardCharsets.UTF_8);
        JsonNode b = exchange(post("application/x-www-form-urlencoded; charset=UTF-8", form), HttpResponseStatus.OK);
        assertTrue(b.path("username").asText().contains(":acme."));
    }

    @Test
    void getWithQueryParametersIsAccepted() throws Exception {
        CustomerToken t = token(SECRET_ACME, "alice", 300);
        String uri = "/v1/token?tenant=acme&account=alice&expires=" + t.expires() + "&key="
                + URLEncoder.encode(t.key(), StandardCharsets.UTF_8);
        JsonNode b = exchange(request(HttpMethod.GET, uri), HttpResponseStatus.OK);
        assertTrue(b.path("password").isTextual());
    }

    @Test
    void tenantMayBeGivenInTheQueryOfAPost() throws Exception {
        CustomerToken t = token(SECRET_ACME, "alice", 300);
        FullHttpRequest r = postJson("{\"account\":\"alice\",\"expires\":" + t.expires() + ",\"key\":\"" + t.key() + "\"}");
        r.setUri("/v1/token?tenant=acme");
        exchange(r, HttpResponseStatus.OK);
        FullHttpRequest conflicting = postJson(json("beta", t));
        conflicting.setUri("/v1/token?tenant=acme");
        assertError(conflicting, HttpResponseStatus.BAD_REQUEST, "malformed");
    }

    @Test
    void tenantIsRequiredWithSeveralTenantsAndOptionalWithOne() throws Exception {
        CustomerToken t = token(SECRET_ACME, "alice", 300);
        String noTenant = "{\"account\":\"alice\",\"expires\":" + t.expires() + ",\"key\":\"" + t.key() + "\"}";
        assertError(postJson(noTenant), HttpResponseStatus.BAD_REQUEST, "malformed");
        assertFalse(channel.finish());
        channel = channel(TokenFixtures.config(List.of(TokenFixtures.tenant("acme", SECRET_ACME))), "192.0.2.11");
        exchange(postJson(noTenant), HttpResponseStatus.OK);
    }

    @Test
    void expiredTokenIsRefused403() throws Exception {
        CustomerToken t = token(SECRET_ACME, "alice", 300);
        clock.advance(Duration.ofSeconds(301));
        assertError(postJson(json("acme", t)), HttpResponseStatus.FORBIDDEN, "expired");
        assertEquals(1, count("expired", "acme"));
    }

    @Test
    void tokenLivingLongerThanTheMaximumIsRefused403() throws Exception {
        assertError(postJson(json("acme", token(SECRET_ACME, "alice", 601))), HttpResponseStatus.FORBIDDEN, "too_long_lived");
    }

    @Test
    void forgedKeyIsRefused401WithoutEchoingIt() throws Exception {
        CustomerToken real = token(SECRET_ACME, "alice", 300);
        CustomerToken forged = new CustomerToken("mallory", real.expires(), real.key());
        FullHttpResponse r = send(postJson(json("acme", forged)));
        try {
            assertEquals(HttpResponseStatus.UNAUTHORIZED, r.status());
            assertTrue(r.headers().contains(HttpHeaderNames.WWW_AUTHENTICATE));
            String text = r.content().toString(StandardCharsets.UTF_8);
            assertFalse(text.contains(real.key()), text);
            assertFalse(text.contains("mallory"), text);
            assertEquals("bad_key", body(r).path("error").asText());
        } finally {
            r.release();
        }
    }

    @Test
    void oneTenantsTokenCannotBeExchangedAsAnother() throws Exception {
        assertError(postJson(json("beta", token(SECRET_ACME, "alice", 300))), HttpResponseStatus.UNAUTHORIZED, "bad_key");
        assertEquals(1, count("bad_key", "beta"));
        exchange(postJson(json("beta", token(SECRET_BETA, "alice", 300))), HttpResponseStatus.OK);
    }

    @Test
    void unknownTenantIsRefused403() throws Exception {
        assertError(postJson(json("gamma", token(SECRET_ACME, "alice", 300))), HttpResponseStatus.FORBIDDEN, "unknown_tenant");
        assertEquals(1, count("unknown_tenant", "none"));
    }

    @Test
    void allowedOriginGetsItEchoedWithVary() throws Exception {
        FullHttpResponse r = send(withOrigin(postJson(json("acme", token(SECRET_ACME, "alice", 300))), ACME_ORIGIN));
        try {
            assertEquals(HttpResponseStatus.OK, r.status());
            assertEquals(ACME_ORIGIN, r.headers().get(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN));
            assertEquals("origin", r.headers().get(HttpHeaderNames.VARY).toLowerCase());
        } finally {
            r.release();
        }
    }

    @Test
    void originNotListedIsRefused403WithoutCorsHeaders() throws Exception {
        FullHttpResponse r = send(withOrigin(postJson(json("acme", token(SECRET_ACME, "alice", 300))), "https://evil.example"));
        try {
            assertEquals(HttpResponseStatus.FORBIDDEN, r.status());
            assertEquals("origin_not_allowed", body(r).path("error").asText());
            assertNull(r.headers().get(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN));
        } finally {
            r.release();
        }
        // beta's site may not use acme's tokens either.
        assertError(withOrigin(postJson(json("acme", token(SECRET_ACME, "alice", 300))), BETA_ORIGIN),
                HttpResponseStatus.FORBIDDEN, "origin_not_allowed");
    }

    @Test
    void preflightFromAnAllowedOriginIsAnswered204() throws Exception {
        FullHttpRequest pre = withOrigin(request(HttpMethod.OPTIONS, "/v1/token"), ACME_ORIGIN);
        pre.headers().set(HttpHeaderNames.ACCESS_CONTROL_REQUEST_METHOD, "POST");
        pre.headers().set(HttpHeaderNames.ACCESS_CONTROL_REQUEST_HEADERS, "content-type");
        FullHttpResponse r = send(pre);
        try {
            assertEquals(HttpResponseStatus.NO_CONTENT, r.status());
            assertEquals(ACME_ORIGIN, r.headers().get(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN));
            assertEquals("POST, GET, OPTIONS", r.headers().get(HttpHeaderNames.ACCESS_CONTROL_ALLOW_METHODS));
            assertEquals("content-type", r.headers().get(HttpHeaderNames.ACCESS_CONTROL_ALLOW_HEADERS).toLowerCase());
            assertEquals("600", r.headers().get(HttpHeaderNames.ACCESS_CONTROL_MAX_AGE));
            assertEquals("origin", r.headers().get(HttpHeaderNames.VARY).toLowerCase());
            assertEquals(0, r.content().readableBytes());
        } finally {
            r.release();
        }
    }

    @Test
    void preflightNamingATenantIsCheckedAgainstThatTenantOnly() throws Exception {
        assertError(withOrigin(request(HttpMethod.OPTIONS, "/v1/token?tenant=beta"), ACME_ORIGIN),
                HttpResponseStatus.FORBIDDEN, "origin_not_allowed");
        FullHttpResponse ok = send(withOrigin(request(HttpMethod.OPTIONS, "/v1/token?tenant=beta"), BETA_ORIGIN));
        assertEquals(HttpResponseStatus.NO_CONTENT, ok.status());
        ok.release();
    }

    @Test
    void preflightFromAnUnknownOriginIsRefused403() throws Exception {
        assertError(withOrigin(request(HttpMethod.OPTIONS, "/v1/token"), "https://evil.example"),
                HttpResponseStatus.FORBIDDEN, "origin_not_allowed");
        assertEquals(1, registry.find(TokenMetrics.PREFLIGHTS).tag("outcome", "refused").counter().count());
    }

    @Test
    void moreThanEightRequestsASecondFromOneAddressGet429UntilTheWindowEnds() throws Exception {
        for (int i = 0; i < 8; i++) {
            exchange(postJson(json("acme", token(SECRET_ACME, "user" + i, 300))), HttpResponseStatus.OK);
        }
        FullHttpResponse r = send(withOrigin(postJson(json("acme", token(SECRET_ACME, "user9", 300))), ACME_ORIGIN));
        try {
            assertEquals(HttpResponseStatus.TOO_MANY_REQUESTS, r.status());
            assertEquals("rate_limited", body(r).path("error").asText());
            assertEquals("1", r.headers().get(HttpHeaderNames.RETRY_AFTER));
            assertEquals(ACME_ORIGIN, r.headers().get(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN));
            assertTrue(r.headers().get(HttpHeaderNames.ACCESS_CONTROL_EXPOSE_HEADERS).equalsIgnoreCase("retry-after"));
        } finally {
            r.release();
        }
        assertEquals(1, count("rate_limited_source", "none"));
        // Another address is not affected, and a second later this one may try again.
        TokenFixtures.PeerChannel other = sharedHandlerChannel();
        ticker.advance(Duration.ofMillis(1001));
        exchange(postJson(json("acme", token(SECRET_ACME, "user10", 300))), HttpResponseStatus.OK);
        assertFalse(other.finish());
    }

    /** A second peer on the same handler as {@link #channel()} (its limiter state is shared). */
    private TokenFixtures.PeerChannel sharedHandlerChannel() throws Exception {
        TokenHttpHandler handler = (TokenHttpHandler) channel().pipeline().first();
        TokenFixtures.PeerChannel other = new TokenFixtures.PeerChannel("198.51.100.7", handler);
        other.writeInbound(postJson(json("acme", token(SECRET_ACME, "other", 300))));
        FullHttpResponse r = other.readOutbound();
        assertEquals(HttpResponseStatus.OK, r.status());
        r.release();
        return other;
    }

    @Test
    void moreThanTwoExchangesASecondForOneAccountGet429() throws Exception {
        exchange(postJson(json("acme", token(SECRET_ACME, "alice", 300))), HttpResponseStatus.OK);
        // Forged requests for alice do not use up her quota.
        CustomerToken forged = new CustomerToken("alice", NOW + 300, token(SECRET_BETA, "alice", 300).key());
        assertError(postJson(json("acme", forged)), HttpResponseStatus.UNAUTHORIZED, "bad_key");
        exchange(postJson(json("acme", token(SECRET_ACME, "alice", 300))), HttpResponseStatus.OK);
        assertError(postJson(json("acme", token(SECRET_ACME, "alice", 300))), HttpResponseStatus.TOO_MANY_REQUESTS, "rate_limited");
        assertEquals(1, count("rate_limited_account", "acme"));
        // The same account name at another tenant is another account.
        exchange(postJson(json("beta", token(SECRET_BETA, "alice", 300))), HttpResponseStatus.OK);
    }

    @Test
    void invalidJsonIsRefused400() throws Exception {
        assertError(postJson("{\"account\": \"alice\", "), HttpResponseStatus.BAD_REQUEST, "malformed");
        assertError(postJson("[1, 2]"), HttpResponseStatus.BAD_REQUEST, "malformed");
        assertError(postJson(""), HttpResponseStatus.BAD_REQUEST, "malformed");
        assertError(postJson("{\"tenant\":\"acme\"} {}"), HttpResponseStatus.BAD_REQUEST, "malformed");
    }

    @Test
    void wrongTypesAndMissingFieldsAreRefused400() throws Exception {
        CustomerToken t = token(SECRET_ACME, "alice", 300);
        String expiresAsString = "{\"tenant\":\"acme\",\"account\":\"alice\",\"expires\":\"" + t.expires() + "\",\"key\":\"" + t.key() + "\"}";
        String accountAsNumber = "{\"tenant\":\"acme\",\"account\":42,\"expires\":" + t.expires() + ",\"key\":\"" + t.key() + "\"}";
        String fractional = "{\"tenant\":\"acme\",\"account\":\"alice\",\"expires\":1.5,\"key\":\"" + t.key() + "\"}";
        String tenantAsList = "{\"tenant\":[\"acme\"],\"account\":\"alice\",\"expires\":" + t.expires() + ",\"key\":\"" + t.key() + "\"}";
        String noKey = "{\"tenant\":\"acme\",\"account\":\"alice\",\"expires\":" + t.expires() + "}";
        String twice = "{\"tenant\":\"acme\",\"account\":\"alice\",\"account\":\"bob\",\"expires\":" + t.expires() + ",\"key\":\"" + t.key() + "\"}";
        for (String body : List.of(expiresAsString, accountAsNumber, fractional, tenantAsList, noKey, twice)) {
            assertError(postJson(body), HttpResponseStatus.BAD_REQUEST, "malformed");
        }
        assertEquals(6, count("malformed", "none"));
    }

    @Test
    void unknownFieldsAreIgnored() throws Exception {
        CustomerToken t = token(SECRET_ACME, "alice", 300);
        String body = json("acme", t).replace("{", "{\"client\":{\"v\":3},");
        exchange(postJson(body), HttpResponseStatus.OK);
    }

    @Test
    void keyThatIsNotBase64OfTwentyBytesIsRefused400() throws Exception {
        assertError(postJson(json("acme", new CustomerToken("alice", NOW + 300, "not base64!"))),
                HttpResponseStatus.BAD_REQUEST, "malformed");
        assertError(request(HttpMethod.GET, "/v1/token?tenant=acme&account=alice&expires=soon&key=x"),
                HttpResponseStatus.BAD_REQUEST, "malformed");
        assertError(request(HttpMethod.GET, "/v1/token?tenant=acme&account=alice&account=bob&expires=1&key=x"),
                HttpResponseStatus.BAD_REQUEST, "malformed");
        assertError(request(HttpMethod.GET, "/v1/token?tenant=acme&account=%zz"), HttpResponseStatus.BAD_REQUEST, "malformed");
    }

    @Test
    void bodyOverTheLimitIsRefused413AndTheConnectionClosed() throws Exception {
        String big = "{\"pad\":\"" + "x".repeat(5000) + "\"}";
        FullHttpResponse r = send(postJson(big));
        try {
            assertEquals(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, r.status());
            assertEquals("too_large", body(r).path("error").asText());
        } finally {
            r.release();
        }
        assertFalse(channel.isOpen());
    }

    @Test
    void otherContentTypesAreRefused415() throws Exception {
        String body = json("acme", token(SECRET_ACME, "alice", 300));
        assertError(post("text/plain", body), HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type");
        assertError(post(null, body), HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type");
    }

    @Test
    void otherMethodsAreRefused405WithAllow() throws Exception {
        FullHttpResponse r = send(request(HttpMethod.PUT, "/v1/token"));
        try {
            assertEquals(HttpResponseStatus.METHOD_NOT_ALLOWED, r.status());
            assertEquals("POST, GET, OPTIONS", r.headers().get(HttpHeaderNames.ALLOW));
            assertEquals("method_not_allowed", body(r).path("error").asText());
        } finally {
            r.release();
        }
    }

    @Test
    void otherServicePathsAre404AndOtherPathsPassThrough() throws Exception {
        assertError(request(HttpMethod.GET, "/v1/other"), HttpResponseStatus.NOT_FOUND, "not_found");
        FullHttpRequest upgrade = request(HttpMethod.GET, "/");
        channel().writeInbound(upgrade);
        FullHttpRequest passed = channel().readInbound();
        assertSame(upgrade, passed);
        assertEquals(1, passed.refCnt());
        passed.release();
        assertNull(channel().readOutbound());
    }

    @Test
    void requestThatFailedToDecodeIsRefused400AndClosed() throws Exception {
        FullHttpRequest bad = request(HttpMethod.GET, "/v1/token");
        bad.setDecoderResult(DecoderResult.failure(new IllegalArgumentException("bad header")));
        assertError(bad, HttpResponseStatus.BAD_REQUEST, "malformed");
        assertFalse(channel.isOpen());
    }
}
