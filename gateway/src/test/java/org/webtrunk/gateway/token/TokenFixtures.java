package org.webtrunk.gateway.token;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Ticker;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.DefaultChannelId;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.webtrunk.auth.CustomerToken;
import org.webtrunk.auth.CustomerTokens;
import org.webtrunk.auth.EphemeralConfig;
import org.webtrunk.gateway.config.SecretSource;
import org.webtrunk.gateway.config.TokenServiceConfig;

/** Shared test material: two tenants, a gateway secret, a settable clock and ticker, request builders. */
final class TokenFixtures {
    static final String SECRET_ACME = "acme-tenant-secret-0123456789";
    static final String SECRET_BETA = "beta-tenant-secret-0123456789";
    static final String GATEWAY_SECRET = "gateway-secret-0123456789";
    static final String ACME_ORIGIN = "https://app.acme.example";
    static final String BETA_ORIGIN = "https://beta.example";
    static final String URI = "wss://gw.example.com/";
    static final long NOW = 1_700_000_000L;
    static final EphemeralConfig GATEWAY = EphemeralConfig.of(List.of(GATEWAY_SECRET));
    private static final ObjectMapper JSON = new ObjectMapper();

    private TokenFixtures() {
    }

    static TokenServiceConfig.Tenant tenant(String id, String secret, String... origins) {
        return new TokenServiceConfig.Tenant(id, List.of(secret),
                List.of(new SecretSource(SecretSource.Kind.INLINE, "inline")), List.of(origins));
    }

    /** Tenants acme and beta, 8/s per source, 2/s per account, 4 KiB bodies, 15 min credentials. */
    static TokenServiceConfig config() {
        return config(List.of(tenant("acme", SECRET_ACME, ACME_ORIGIN), tenant("beta", SECRET_BETA, BETA_ORIGIN)));
    }

    static TokenServiceConfig config(List<TokenServiceConfig.Tenant> tenants) {
        return new TokenServiceConfig(true, Duration.ofMinutes(15), Duration.ofSeconds(600), 8, 2, 1000, 4096,
                List.of(URI), "webtrunk", tenants);
    }

    static CustomerToken token(String secret, String account, long ttl) {
        return CustomerTokens.mintUntil(secret, account, NOW + ttl);
    }

    static String json(String tenant, CustomerToken t) {
        return "{\"tenant\":\"" + tenant + "\",\"account\":\"" + t.account() + "\",\"expires\":" + t.expires()
                + ",\"key\":\"" + t.key() + "\"}";
    }

    static FullHttpRequest post(String contentType, String body) {
        FullHttpRequest r = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, TokenHttpHandler.TOKEN_PATH,
                Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
        if (contentType != null) {
            r.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        }
        r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, r.content().readableBytes());
        return r;
    }

    static FullHttpRequest postJson(String body) {
        return post("application/json", body);
    }

    static FullHttpRequest request(HttpMethod method, String uri) {
        return new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, uri, Unpooled.buffer(0)); // counted, unlike EMPTY_BUFFER
    }

    static FullHttpRequest withOrigin(FullHttpRequest r, String origin) {
        r.headers().set(HttpHeaderNames.ORIGIN, origin);
        return r;
    }

    static JsonNode body(FullHttpResponse r) {
        try {
            return JSON.readTree(r.content().toString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A wall clock the test moves. */
    static final class MutableClock extends Clock {
        private volatile Instant now = Instant.ofEpochSecond(NOW);

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    /** Monotonic nanoseconds the test moves. */
    static final class FakeTicker implements Ticker {
        private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

        void advance(Duration d) {
            nanos.addAndGet(d.toNanos());
        }

        @Override
        public long read() {
            return nanos.get();
        }
    }

    /** An EmbeddedChannel whose peer has the given address (the per-source limit keys on it). */
    static final class PeerChannel extends EmbeddedChannel {
        private final SocketAddress remote;

        PeerChannel(String ip, ChannelHandler... handlers) throws Exception {
            super(null, DefaultChannelId.newInstance(), false, false);
            this.remote = new InetSocketAddress(ip, 40000);
            pipeline().addLast(handlers);
            register();
        }

        @Override
        protected SocketAddress remoteAddress0() {
            return remote;
        }
    }
}
