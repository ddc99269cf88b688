package org.webtrunk.gateway.token;

import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.webtrunk.auth.EphemeralConfig;
import org.webtrunk.gateway.config.TokenServiceConfig;

/**
 * The token service endpoint: trades a tenant's customer token for gateway credentials, in the spirit of the
 * TURN REST API draft (draft-uberti-behave-turn-rest-00 §2.2). Handles every request under {@value #PATH_PREFIX}
 * and passes anything else on untouched, so it can sit in front of the WebSocket upgrade guard.
 *
 * <p>{@code POST /v1/token} with {@code Content-Type: application/json}:
 * <pre>{"tenant": "acme", "account": "alice", "expires": 1700000300, "key": "base64 HMAC-SHA1"}</pre>
 * or the same fields as {@code application/x-www-form-urlencoded}, or as the query of a
 * {@code GET /v1/token?tenant=...&account=...&expires=...&key=...} (for pages that can only load a URL; the key
 * then travels in a URL, so keep the customer token's TTL short). {@code tenant} is the tenant id (a POST may
 * also give it in the query); it may be left out when exactly one tenant is configured. The answer:
 * <pre>{"username": "1700000900:acme.Xy..", "password": "...", "ttl": 900, "uris": ["wss://..."],
 *  "realm": "webtrunk", "expires": 1700000900}</pre>
 * Errors are {@code {"error": code, "message": text}}: 400 {@code malformed}, 401 {@code bad_key}, 403
 * {@code expired}, {@code too_long_lived}, {@code unknown_tenant} or {@code origin_not_allowed}, 404
 * {@code not_found}, 405 {@code method_not_allowed}, 413 {@code too_large}, 415 {@code unsupported_media_type},
 * 429 {@code rate_limited} with {@code Retry-After} (RFC 6585 §4). Nothing the client sent is echoed.
 *
 * <p>CORS (Fetch standard, "CORS protocol"): a request with an {@code Origin} must come from one of the tenant's
 * {@code allowed-origins}; a request with none (server to server) is allowed. A preflight {@code OPTIONS} is
 * answered 204 for an origin its {@code ?tenant=} lists, or any tenant lists when it names none. Preflights are
 * not rate limited; exchanges are, per source address and per account.
 */
@Sharable
public final class TokenHttpHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    /** Every path under this prefix belongs to the token service. */
    public static final String PATH_PREFIX = "/v1/";
    public static final String TOKEN_PATH = "/v1/token";
    /** How long browsers may cache a preflight; Chromium caps it at 7,200 s anyway. */
    static final int PREFLIGHT_MAX_AGE_SECONDS = 600;
    static final String ALLOWED_METHODS = "POST, GET, OPTIONS";
    private static final Logger log = LoggerFactory.getLogger(TokenHttpHandler.class);

    private final TokenServiceConfig config;
    private final TokenService service;
    private final TokenMetrics metrics;
    private final FixedWindowRateLimiter<String> perSource;

    /**
     * @param config   the token service settings (tenants, limits, advertised uris and realm)
     * @param gateway  the gateway's ephemeral credential settings (secret, HMAC, username format), from its auth
     *                 config: the credentials minted here must verify at the gateway
     * @param registry where the exchange counters go
     * @param clock    wall clock for token expiry and credential expiry
     */
    public TokenHttpHandler(TokenServiceConfig config, EphemeralConfig gateway, MeterRegistry registry, Clock clock) {
        this(config, gateway, registry, clock, Ticker.systemTicker(), new SecureRandom());
    }

    TokenHttpHandler(TokenServiceConfig config, EphemeralConfig gateway, MeterRegistry registry, Clock clock,
                     Ticker ticker, SecureRandom random) {
        super(FullHttpRequest.class, false);
        this.config = Objects.requireNonNull(config, "config");
        this.service = new TokenService(config, Objects.requireNonNull(gateway, "gateway"), clock, ticker, random);
        this.metrics = new TokenMetrics(Objects.requireNonNull(registry, "registry"));
        this.perSource = new FixedWindowRateLimiter<>(config.perIpRate(), Duration.ofSeconds(1),
                config.rateTableSize(), ticker);
    }

    /** True for a request target this service answers (anything under {@value #PATH_PREFIX}). */
    public static boolean isServicePath(String uri) {
        return uri != null && uri.startsWith(PATH_PREFIX);
    }

    /** The largest body accepted; the aggregator in front should be built with it. */
    public int maxBodyBytes() {
        return config.maxBodyBytes();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (!isServicePath(request.uri())) {
            ctx.fireChannelRead(request);
            return;
        }
        try {
            String origin = request.headers().get(HttpHeaderNames.ORIGIN);
            Answer answer;
            try {
                answer = answer(ctx, request, origin);
            } catch (RuntimeException e) {
                log.warn("token service: unexpected failure", e);
                answer = new Answer(TokenReply.refused(TokenOutcome.INTERNAL_ERROR, null), true);
            }
            send(ctx, request, origin, answer);
        } finally {
            request.release();
        }
    }

    /** A decision and whether the connection must close after it. */
    private record Answer(TokenReply reply, boolean close, FullHttpResponse preflight) {
        Answer(TokenReply reply, boolean close) {
            this(reply, close, null);
        }
    }

    private Answer answer(ChannelHandlerContext ctx, FullHttpRequest request, String origin) {
        if (!request.decoderResult().isSuccess()) {
            return new Answer(TokenReply.refused(TokenOutcome.MALFORMED, null, "Malformed HTTP request"), true);
        }
        QueryStringDecoder target = new QueryStringDecoder(request.uri(), StandardCharsets.UTF_8, true,
                TokenRequestParser.MAX_PARAMS);
        if (!TOKEN_PATH.equals(target.rawPath())) {
            return new Answer(TokenReply.refused(TokenOutcome.NOT_FOUND, null), false);
        }
        Map<String, List<String>> query;
        try {
            query = target.parameters();
        } catch (IllegalArgumentException e) {
            return new Answer(TokenReply.refused(TokenOutcome.MALFORMED, null, "The query cannot be decoded"), false);
        }
        HttpMethod method = request.method();
        if (HttpMethod.OPTIONS.equals(method)) {
            return new Answer(null, false, preflight(origin, query));
        }
        if (!HttpMethod.GET.equals(method) && !HttpMethod.POST.equals(method)) {
            return new Answer(TokenReply.refused(TokenOutcome.METHOD_NOT_ALLOWED, null), false);
        }
        long wait = perSource.acquire(SourceAddresses.key(ctx.channel().remoteAddress()));
        if (wait > 0) {
            return new Answer(TokenReply.rateLimited(TokenOutcome.RATE_LIMITED_SOURCE, null, wait), false);
        }
        if (origin != null && !service.originAllowedByAnyTenant(origin)) {
            return new Answer(TokenReply.refused(TokenOutcome.ORIGIN_NOT_ALLOWED, null), false);
        }
        if (HttpMethod.POST.equals(method) && request.content().readableBytes() > config.maxBodyBytes()) {
            return new Answer(TokenReply.refused(TokenOutcome.TOO_LARGE, null), true);
        }
        TokenRequestParser.Result parsed = TokenRequestParser.parse(request, query);
        if (parsed.failure() != null) {
            return new Answer(TokenReply.refused(parsed.failure(), null, parsed.message()), false);
        }
        return new Answer(service.exchange(parsed.request(), origin), false);
    }

    private FullHttpResponse preflight(String origin, Map<String, List<String>> query) {
        FullHttpResponse r;
        if (origin == null) {
            r = TokenResponses.noContent(); // a plain OPTIONS, not a CORS preflight
        } else {
            List<String> tenants = query.get("tenant");
            String tenant = tenants == null || tenants.size() != 1 ? null : tenants.get(0);
            boolean allowed = service.knows(tenant) ? service.originAllowed(tenant, origin)
                    : service.originAllowedByAnyTenant(origin);
            metrics.preflight(allowed);
            if (!allowed) {
                return TokenResponses.error(TokenOutcome.ORIGIN_NOT_ALLOWED, null);
            }
            r = TokenResponses.noContent();
            HttpHeaders h = r.headers();
            h.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, origin);
            h.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_METHODS, ALLOWED_METHODS);
            h.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, HttpHeaderNames.CONTENT_TYPE);
            h.setInt(HttpHeaderNames.ACCESS_CONTROL_MAX_AGE, PREFLIGHT_MAX_AGE_SECONDS);
        }
        r.headers().set(HttpHeaderNames.ALLOW, ALLOWED_METHODS);
        return r;
    }

    private void send(ChannelHandlerContext ctx, FullHttpRequest request, String origin, Answer answer) {
        FullHttpResponse response;
        if (answer.preflight() != null) {
            response = answer.preflight();
        } else {
            TokenReply reply = answer.reply();
            TokenOutcome outcome = reply.outcome();
            metrics.exchange(outcome, reply.tenant());
            if (outcome == TokenOutcome.OK) {
                response = TokenResponses.credentials(reply.credentials(), config.uris(), config.realm());
            } else {
                response = TokenResponses.error(outcome, reply.message());
                if (log.isDebugEnabled()) {
                    log.debug("token exchange refused: {} tenant={} from {}", outcome.tag(), reply.tenant(),
                            ctx.channel().remoteAddress());
                }
            }
            addHeaders(response.headers(), reply, origin);
        }
        response.headers().set(HttpHeaderNames.VARY, HttpHeaderNames.ORIGIN);
        boolean keepAlive = !answer.close() && HttpUtil.isKeepAlive(request);
        HttpUtil.setKeepAlive(response, keepAlive);
        var written = ctx.writeAndFlush(response);
        if (!keepAlive) {
            written.addListener(ChannelFutureListener.CLOSE);
        }
    }

    private void addHeaders(HttpHeaders h, TokenReply reply, String origin) {
        switch (reply.outcome()) {
            case BAD_KEY -> h.set(HttpHeaderNames.WWW_AUTHENTICATE, "CustomerToken realm=\"" + config.realm() + "\"");
            case METHOD_NOT_ALLOWED -> h.set(HttpHeaderNames.ALLOW, ALLOWED_METHODS);
            case RATE_LIMITED_SOURCE, RATE_LIMITED_ACCOUNT -> h.set(HttpHeaderNames.RETRY_AFTER, reply.retryAfterSeconds());
            default -> { }
        }
        // The page may read the answer (errors included) when its origin may use the service at all; a refused
        // origin gets no Access-Control-Allow-Origin, so the browser hides the answer from it.
        if (origin != null && reply.outcome() != TokenOutcome.ORIGIN_NOT_ALLOWED
                && service.originAllowedByAnyTenant(origin)) {
            h.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, origin);
            h.set(HttpHeaderNames.ACCESS_CONTROL_EXPOSE_HEADERS, HttpHeaderNames.RETRY_AFTER);
        }
    }
}
