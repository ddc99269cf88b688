package org.webtrunk.gateway.token;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.webtrunk.auth.CustomerToken;

/**
 * Reads the customer token and tenant from a request, strictly: a JSON object (RFC 8259) with string
 * {@code account}, {@code key}, {@code tenant} and integer {@code expires} (unknown fields ignored; duplicate
 * fields, trailing data and wrong types refused), the same as form fields, or as query parameters of a GET. A POST
 * may also name its tenant in the query, so a CORS preflight to the same URL can be answered for that tenant.
 * Never throws: every problem is a {@link TokenOutcome#MALFORMED} or {@link TokenOutcome#UNSUPPORTED_MEDIA_TYPE}
 * naming the field, never quoting the value.
 */
final class TokenRequestParser {
    /** Parameters read from a query or form: ours are four, the rest is ignored. */
    static final int MAX_PARAMS = 16;
    static final String JSON_TYPE = "application/json";
    static final String FORM_TYPE = "application/x-www-form-urlencoded";
    /** Enough digits for any Unix time; more is garbage, and bounds the parse. */
    private static final int MAX_EXPIRES_DIGITS = 12;

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /**
     * The parse outcome: a request, or why there is none.
     *
     * @param request the request, null on failure
     * @param failure why it failed, null on success
     * @param message what to tell the client
     */
    record Result(TokenRequest request, TokenOutcome failure, String message) {
        static Result fail(TokenOutcome outcome, String message) {
            return new Result(null, outcome, message);
        }
    }

    private TokenRequestParser() {
    }

    /** Parses a GET or POST whose query string is already split into {@code query}. */
    static Result parse(FullHttpRequest request, Map<String, List<String>> query) {
        try {
            if (HttpMethod.GET.equals(request.method())) {
                return fromFields(query, null);
            }
            String type = mediaType(request.headers().get(HttpHeaderNames.CONTENT_TYPE));
            if (repeated(query, "tenant")) {
                return Result.fail(TokenOutcome.MALFORMED, "tenant is given more than once");
            }
            String tenant = value(query, "tenant");
            if (JSON_TYPE.equals(type)) {
                return fromJson(request.content(), tenant);
            }
            if (FORM_TYPE.equals(type)) {
                String body = request.content().toString(StandardCharsets.UTF_8);
                QueryStringDecoder form = new QueryStringDecoder(body, StandardCharsets.UTF_8, false, MAX_PARAMS);
                return fromFields(form.parameters(), tenant);
            }
            return Result.fail(TokenOutcome.UNSUPPORTED_MEDIA_TYPE, TokenOutcome.UNSUPPORTED_MEDIA_TYPE.message());
        } catch (RuntimeException e) {
            // QueryStringDecoder refuses bad %-escapes with IllegalArgumentException.
            return Result.fail(TokenOutcome.MALFORMED, "The request cannot be decoded");
        }
    }

    /** {@code application/json} of {@code Application/JSON; charset=utf-8}; empty when absent. */
    static String mediaType(String contentType) {
        if (contentType == null) {
            return "";
        }
        int semi = contentType.indexOf(';');
        return (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
    }

    private static Result fromJson(ByteBuf content, String queryTenant) {
        JsonNode root;
        try {
            root = JSON.readTree(new ByteBufInputStream(content.duplicate()));
        } catch (IOException e) {
            return Result.fail(TokenOutcome.MALFORMED, "The body is not valid JSON");
        }
        if (root == null || !root.isObject()) {
            return Result.fail(TokenOutcome.MALFORMED, "The body must be a JSON object");
        }
        JsonNode account = root.get("account");
        JsonNode expires = root.get("expires");
        JsonNode key = root.get("key");
        JsonNode tenant = root.get("tenant");
        for (String name : List.of("account", "expires", "key")) {
            if (root.get(name) == null || root.get(name).isNull()) {
                return Result.fail(TokenOutcome.MALFORMED, name + " is required");
            }
        }
        if (!account.isTextual()) {
            return Result.fail(TokenOutcome.MALFORMED, "account must be a string");
        }
        if (!expires.isIntegralNumber() || !expires.canConvertToLong() || expires.longValue() < 0) {
            return Result.fail(TokenOutcome.MALFORMED, "expires must be a whole number of Unix seconds");
        }
        if (!key.isTextual()) {
            return Result.fail(TokenOutcome.MALFORMED, "key must be a string");
        }
        String tenantName = null;
        if (tenant != null && !tenant.isNull()) {
            if (!tenant.isTextual()) {
                return Result.fail(TokenOutcome.MALFORMED, "tenant must be a string");
            }
            tenantName = tenant.textValue();
        }
        return build(tenantName, queryTenant, new CustomerToken(account.textValue(), expires.longValue(), key.textValue()));
    }

    private static Result fromFields(Map<String, List<String>> fields, String queryTenant) {
        for (String name : List.of("account", "expires", "key", "tenant")) {
            if (repeated(fields, name)) {
                return Result.fail(TokenOutcome.MALFORMED, name + " is given more than once");
            }
        }
        for (String name : List.of("account", "expires", "key")) {
            if (value(fields, name) == null) {
                return Result.fail(TokenOutcome.MALFORMED, name + " is required");
            }
        }
        long exp = parseExpires(value(fields, "expires"));
        if (exp < 0) {
            return Result.fail(TokenOutcome.MALFORMED, "expires must be a whole number of Unix seconds");
        }
        return build(value(fields, "tenant"), queryTenant,
                new CustomerToken(value(fields, "account"), exp, value(fields, "key")));
    }

    private static Result build(String tenant, String queryTenant, CustomerToken token) {
        if (tenant != null && queryTenant != null && !tenant.equals(queryTenant)) {
            return Result.fail(TokenOutcome.MALFORMED, "tenant in the query and in the body differ");
        }
        return new Result(new TokenRequest(tenant != null ? tenant : queryTenant, token), null, null);
    }

    private static String value(Map<String, List<String>> fields, String name) {
        List<String> values = fields.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** A field given twice is ambiguous: which one did the tenant's backend sign? */
    private static boolean repeated(Map<String, List<String>> fields, String name) {
        List<String> values = fields.get(name);
        return values != null && values.size() > 1;
    }

    private static long parseExpires(String s) {
        if (s.isEmpty() || s.length() > MAX_EXPIRES_DIGITS) {
            return -1;
        }
        long v = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
