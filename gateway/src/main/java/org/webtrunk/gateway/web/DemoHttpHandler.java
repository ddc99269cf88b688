package org.webtrunk.gateway.web;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.webtrunk.auth.CustomerToken;
import org.webtrunk.gateway.config.DemoConfig;
import org.webtrunk.gateway.config.TokenServiceConfig;

/**
 * The click-to-call demo on the WebSocket listeners' HTTP path, before the upgrade guard. Everything under
 * {@value #PREFIX}; other requests and WebSocket upgrades pass on untouched:
 * <ul>
 *   <li>{@code GET /demo/} the page ({@code index.html}), {@code GET /demo/<file>} its other files from the
 *       classpath folder {@code demo/}, {@code GET /demo/jssip.min.js} the JsSIP bundle file (404 until built).
 *       GET and HEAD only; {@code ..} and other escapes 403; anything else 404;</li>
 *   <li>{@code GET /demo/settings.json} what the page needs to know: tenant, WebSocket paths, token service path;</li>
 *   <li>{@code POST /demo/customer-token[?account=A]} <b>demo only</b>: stands in for the tenant's web backend and
 *       mints a customer token {@code {"tenant","account","expires","key","ttl"}} with the demo tenant's secret,
 *       for a new visitor account or (refresh) for {@code A} if it is a visitor account. A request whose
 *       {@code Origin} is not this host is refused with 403, so other sites cannot use it as a minting
 *       service for their visitors.</li>
 * </ul>
 * When the demo is disabled, every {@value #PREFIX} path answers 404.
 */
@Sharable
public final class DemoHttpHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    public static final String PREFIX = "/demo";
    static final String PAGE_ROOT = PREFIX + "/";
    static final String TOKEN_PATH = PREFIX + "/customer-token";
    static final String SETTINGS_PATH = PREFIX + "/settings.json";
    static final String BUNDLE_NAME = "jssip.min.js";
    static final String CLASSPATH_FOLDER = "demo";
    static final String INDEX = "index.html";
    private static final Logger log = LoggerFactory.getLogger(DemoHttpHandler.class);

    private final boolean enabled;
    private final String tenant;
    private final String wsPath;
    private final String wssPath;
    private final StaticFiles files;
    private final DemoTokens tokens;

    /**
     * @param demo    the demo settings; when disabled, {@code tokens} is not consulted
     * @param tokens  the token service settings, holding the demo tenant's secret
     * @param wsPath  the WS listener's upgrade path, told to the page
     * @param wssPath the WSS listener's upgrade path
     * @throws IllegalArgumentException when the demo is enabled and its tenant has no secret
     */
    public DemoHttpHandler(DemoConfig demo, TokenServiceConfig tokens, String wsPath, String wssPath, Clock clock) {
        this(demo, tokens, wsPath, wssPath, clock, DemoHttpHandler.class.getClassLoader(), new SecureRandom());
    }

    DemoHttpHandler(DemoConfig demo, TokenServiceConfig tokens, String wsPath, String wssPath, Clock clock,
                    ClassLoader loader, SecureRandom random) {
        super(FullHttpRequest.class, false);
        this.enabled = demo.enabled();
        this.tenant = demo.tenant();
        this.wsPath = Objects.requireNonNull(wsPath, "wsPath");
        this.wssPath = Objects.requireNonNull(wssPath, "wssPath");
        this.files = new StaticFiles(loader, CLASSPATH_FOLDER, BUNDLE_NAME, demo.jssipBundle());
        this.tokens = enabled ? new DemoTokens(secretOf(tokens, demo.tenant()), demo.accountPrefix(), demo.tokenTtl(),
                clock, random) : null;
        if (enabled && !files.hasBundle()) {
            log.warn("demo: the JsSIP bundle {} is missing; run scripts/build-demo.sh", demo.jssipBundle());
        }
    }

    private static String secretOf(TokenServiceConfig tokens, String tenant) {
        return tokens.tenants().stream().filter(t -> t.id().equals(tenant)).findFirst()
                .map(t -> t.secrets().get(0))
                .orElseThrow(() -> new IllegalArgumentException("demo tenant '" + tenant + "' is not a token-service tenant"));
    }

    /** True for a request target under {@value #PREFIX}. */
    static boolean isDemoPath(String uri) {
        return uri != null && uri.startsWith(PREFIX)
                && (uri.length() == PREFIX.length() || "/?".indexOf(uri.charAt(PREFIX.length())) >= 0);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (!isDemoPath(request.uri()) || request.headers().contains(HttpHeaderNames.UPGRADE)) {
            ctx.fireChannelRead(request);
            return;
        }
        try {
            boolean close = !request.decoderResult().isSuccess();
            FullHttpResponse response;
            try {
                response = close ? WebResponses.text(HttpResponseStatus.BAD_REQUEST, "Malformed HTTP request")
                        : answer(request);
            } catch (RuntimeException e) {
                log.warn("demo: unexpected failure", e);
                response = WebResponses.text(HttpResponseStatus.INTERNAL_SERVER_ERROR, "Internal error");
                close = true;
            }
            boolean keepAlive = !close && HttpUtil.isKeepAlive(request);
            HttpUtil.setKeepAlive(response, keepAlive);
            var written = ctx.writeAndFlush(response);
            if (!keepAlive) {
                written.addListener(ChannelFutureListener.CLOSE);
            }
        } finally {
            request.release();
        }
    }

    private FullHttpResponse answer(FullHttpRequest request) {
        if (!enabled) {
            return WebResponses.text(HttpResponseStatus.NOT_FOUND, "Not found");
        }
        QueryStringDecoder target;
        String path;
        try {
            target = new QueryStringDecoder(request.uri(), StandardCharsets.UTF_8, true, 4);
            path = target.path();
        } catch (IllegalArgumentException e) {
            return WebResponses.text(HttpResponseStatus.BAD_REQUEST, "The path cannot be decoded");
        }
        HttpMethod method = request.method();
        if (path.equals(PREFIX)) {
            return WebResponses.redirect(PAGE_ROOT);
        }
        if (path.equals(TOKEN_PATH)) {
            if (!HttpMethod.POST.equals(method)) {
                return WebResponses.methodNotAllowed("POST");
            }
            if (!sameOrigin(request.headers().get(HttpHeaderNames.ORIGIN), request.headers().get(HttpHeaderNames.HOST))) {
                return WebResponses.text(HttpResponseStatus.FORBIDDEN, "The demo mints tokens for its own page only");
            }
            return customerToken(target);
        }
        boolean head = HttpMethod.HEAD.equals(method);
        if (!head && !HttpMethod.GET.equals(method)) {
            return WebResponses.methodNotAllowed("GET, HEAD");
        }
        if (path.equals(SETTINGS_PATH)) {
            return settings();
        }
        String name = path.substring(PAGE_ROOT.length());
        if (name.isEmpty()) {
            name = INDEX;
        }
        return switch (StaticFiles.check(name)) {
            case TRAVERSAL -> WebResponses.text(HttpResponseStatus.FORBIDDEN, "Forbidden");
            case NOT_SERVED -> WebResponses.text(HttpResponseStatus.NOT_FOUND, "Not found");
            case OK -> {
                Optional<StaticFiles.StaticFile> f = files.find(name);
                if (f.isPresent()) {
                    yield WebResponses.file(f.get(), head);
                }
                yield WebResponses.text(HttpResponseStatus.NOT_FOUND, name.equals(BUNDLE_NAME)
                        ? "The JsSIP bundle is not built: run scripts/build-demo.sh" : "Not found");
            }
        };
    }

    private FullHttpResponse customerToken(QueryStringDecoder target) {
        List<String> asked = target.parameters().get("account");
        String account = asked == null || asked.size() != 1 ? null : asked.get(0);
        CustomerToken t = account != null && tokens.isVisitorAccount(account) ? tokens.mintFor(account)
                : tokens.mintForVisitor();
        ObjectNode body = WebResponses.JSON.createObjectNode();
        body.put("tenant", tenant);
        body.put("account", t.account());
        body.put("expires", t.expires());
        body.put("key", t.key());
        return WebResponses.json(HttpResponseStatus.OK, body);
    }

    private FullHttpResponse settings() {
        ObjectNode body = WebResponses.JSON.createObjectNode();
        body.put("tenant", tenant);
        body.put("tokenService", "/v1/token");
        body.put("customerToken", TOKEN_PATH);
        ObjectNode ws = body.putObject("webSocketPath");
        ws.put("ws", wsPath);
        ws.put("wss", wssPath);
        body.put("jssipBundle", files.hasBundle());
        FullHttpResponse r = WebResponses.json(HttpResponseStatus.OK, body);
        r.headers().set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_CACHE);
        return r;
    }

    /**
     * No Origin (not a browser, or a same-origin GET) is fine; otherwise its host and port must be the Host header's
     * (RFC 6454 §4), default ports filled in from the Origin's scheme.
     */
    static boolean sameOrigin(String origin, String host) {
        if (origin == null) {
            return true;
        }
        if (host == null) {
            return false;
        }
        try {
            URI o = new URI(origin.trim());
            String scheme = o.getScheme() == null ? "" : o.getScheme().toLowerCase(Locale.ROOT);
            if (o.getHost() == null || !(scheme.equals("http") || scheme.equals("https"))) {
                return false;
            }
            int defaultPort = scheme.equals("https") ? 443 : 80;
            int originPort = o.getPort() < 0 ? defaultPort : o.getPort();
            URI h = new URI("//" + host.trim());
            if (h.getHost() == null || h.getRawPath() != null && !h.getRawPath().isEmpty()) {
                return false;
            }
            int hostPort = h.getPort() < 0 ? defaultPort : h.getPort();
            return o.getHost().equalsIgnoreCase(h.getHost()) && originPort == hostPort;
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
