package org.webtrunk.gateway.transport;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * Authorises a WebSocket upgrade before Netty performs it (Zuul's push auth shape). Each refusal is an
 * HTTP error with a short plain-text reason and {@code Connection: close}, never a silent upgrade:
 * <ul>
 *   <li>a request line or headers over the handshake limit: 414 / 431 (other malformed requests: 400);</li>
 *   <li>not GET: 405 (RFC 6455 §4.1); another path: 404;</li>
 *   <li>no {@code Upgrade: websocket}: 426, naming the protocol to upgrade to (RFC 7231 §6.5.15);
 *       no {@code Connection: upgrade} or no {@code Sec-WebSocket-Key}: 400 (RFC 6455 §4.2.1);
 *       another WebSocket version: 426 with {@code Sec-WebSocket-Version: 13} (RFC 6455 §4.4);</li>
 *   <li>an Origin not on the allow-list: 403 (RFC 6455 §4.2.2, §10.2). An empty list allows any Origin, and
 *       no Origin, since native and Node clients send none;</li>
 *   <li>no {@code sip} among the offered subprotocols: 400 (RFC 7118 §4.1). Netty alone would upgrade such a
 *       client without a subprotocol, which browsers then fail on.</li>
 * </ul>
 * Anything that is not an HTTP request (WebSocket frames after the upgrade) passes through untouched.
 */
final class WebSocketUpgradeGuard extends SimpleChannelInboundHandler<FullHttpRequest> {
    static final String SUBPROTOCOL = "sip";

    private final String path;
    private final List<String> allowedOrigins;
    private final TransportMetrics metrics;

    WebSocketUpgradeGuard(String path, List<String> allowedOrigins, TransportMetrics metrics) {
        super(FullHttpRequest.class, false);
        this.path = path;
        this.allowedOrigins = List.copyOf(allowedOrigins);
        this.metrics = metrics;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        Refusal refusal;
        try {
            refusal = check(request);
        } catch (RuntimeException e) {
            refusal = new Refusal(HttpResponseStatus.BAD_REQUEST, "malformed", "Malformed upgrade request");
        }
        if (refusal == null) {
            ctx.fireChannelRead(request);
            return;
        }
        request.release();
        metrics.handshakeRefused(refusal.reason());
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, refusal.status(),
                Unpooled.copiedBuffer(refusal.text() + "\n", StandardCharsets.UTF_8));
        HttpHeaders h = response.headers();
        h.set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
        h.setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
        h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        if (refusal.status() == HttpResponseStatus.UPGRADE_REQUIRED) {
            h.set(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET);
            h.set(HttpHeaderNames.SEC_WEBSOCKET_VERSION, "13");
        } else if (refusal.status() == HttpResponseStatus.METHOD_NOT_ALLOWED) {
            h.set(HttpHeaderNames.ALLOW, "GET");
        }
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }

    record Refusal(HttpResponseStatus status, String reason, String text) {
    }

    private Refusal check(FullHttpRequest request) {
        DecoderResult result = request.decoderResult();
        if (!result.isSuccess()) {
            Throwable cause = result.cause();
            if (cause instanceof TooLongHttpHeaderException) {
                return new Refusal(HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "too-large",
                        "Request header fields too large");
            }
            if (cause instanceof TooLongHttpLineException) {
                return new Refusal(HttpResponseStatus.REQUEST_URI_TOO_LONG, "too-large", "Request line too long");
            }
            if (cause instanceof TooLongFrameException) {
                return new Refusal(HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "too-large",
                        "Request too large");
            }
            return new Refusal(HttpResponseStatus.BAD_REQUEST, "malformed", "Malformed HTTP request");
        }
        if (!HttpMethod.GET.equals(request.method())) {
            return new Refusal(HttpResponseStatus.METHOD_NOT_ALLOWED, "method", "WebSocket upgrade needs GET");
        }
        String uri = request.uri();
        int query = uri.indexOf('?');
        String requestPath = query < 0 ? uri : uri.substring(0, query);
        if (!requestPath.equals(path)) {
            return new Refusal(HttpResponseStatus.NOT_FOUND, "path", "Not found");
        }
        HttpHeaders h = request.headers();
        if (!h.containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true)) {
            return new Refusal(HttpResponseStatus.UPGRADE_REQUIRED, "not-upgrade",
                    "This is a SIP WebSocket endpoint: upgrade to websocket with subprotocol sip");
        }
        if (!h.containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE, true)) {
            return new Refusal(HttpResponseStatus.BAD_REQUEST, "not-upgrade", "Missing Connection: Upgrade");
        }
        if (!"13".equals(trim(h.get(HttpHeaderNames.SEC_WEBSOCKET_VERSION)))) {
            return new Refusal(HttpResponseStatus.UPGRADE_REQUIRED, "version", "Unsupported WebSocket version");
        }
        String key = trim(h.get(HttpHeaderNames.SEC_WEBSOCKET_KEY));
        if (key == null || key.isEmpty()) {
            return new Refusal(HttpResponseStatus.BAD_REQUEST, "not-upgrade", "Missing Sec-WebSocket-Key");
        }
        if (!originAllowed(h.get(HttpHeaderNames.ORIGIN))) {
            return new Refusal(HttpResponseStatus.FORBIDDEN, "origin", "Origin not allowed");
        }
        if (!offersSip(h.getAll(HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL))) {
            return new Refusal(HttpResponseStatus.BAD_REQUEST, "subprotocol",
                    "WebSocket subprotocol 'sip' required (RFC 7118)");
        }
        return null;
    }

    private boolean originAllowed(String origin) {
        if (allowedOrigins.isEmpty()) {
            return true;
        }
        if (origin == null) {
            return false;
        }
        String o = origin.trim().toLowerCase(Locale.ROOT);
        for (String allowed : allowedOrigins) {
            if (allowed.trim().toLowerCase(Locale.ROOT).equals(o)) {
                return true;
            }
        }
        return false;
    }

    private static boolean offersSip(List<String> headers) {
        for (String header : headers) {
            for (String token : header.split(",")) {
                if (SUBPROTOCOL.equals(token.trim())) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String trim(String s) {
        return s == null ? null : s.trim();
    }
}
