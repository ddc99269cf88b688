package org.webtrunk.gateway.token;

import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * Every answer the token service gives, with its HTTP status, the machine code clients see in
 * {@code {"error": code}} and the tag it is counted under. Messages are fixed texts: nothing the client sent is
 * echoed back.
 */
enum TokenOutcome {
    OK(HttpResponseStatus.OK, null, "ok", null),
    /** Not JSON/form, a field missing or of the wrong type, a key that is not base64 of 20 bytes. */
    MALFORMED(HttpResponseStatus.BAD_REQUEST, "malformed", "malformed", "The request is malformed"),
    /** The key matches none of the tenant's secrets (forged, or made for another tenant or account). */
    BAD_KEY(HttpResponseStatus.UNAUTHORIZED, "bad_key", "bad_key", "The token's key is not valid for this tenant and account"),
    EXPIRED(HttpResponseStatus.FORBIDDEN, "expired", "expired", "The token has expired"),
    TOO_LONG_LIVED(HttpResponseStatus.FORBIDDEN, "too_long_lived", "too_long_lived",
            "The token's expiry is further ahead than this service accepts"),
    UNKNOWN_TENANT(HttpResponseStatus.FORBIDDEN, "unknown_tenant", "unknown_tenant", "Unknown tenant"),
    ORIGIN_NOT_ALLOWED(HttpResponseStatus.FORBIDDEN, "origin_not_allowed", "origin_not_allowed",
            "This web origin may not use this service"),
    RATE_LIMITED_SOURCE(HttpResponseStatus.TOO_MANY_REQUESTS, "rate_limited", "rate_limited_source",
            "Too many requests from this address; retry later"),
    RATE_LIMITED_ACCOUNT(HttpResponseStatus.TOO_MANY_REQUESTS, "rate_limited", "rate_limited_account",
            "Too many requests for this account; retry later"),
    TOO_LARGE(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "too_large", "too_large", "The request body is too large"),
    UNSUPPORTED_MEDIA_TYPE(HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type", "unsupported_media_type",
            "Send application/json or application/x-www-form-urlencoded"),
    METHOD_NOT_ALLOWED(HttpResponseStatus.METHOD_NOT_ALLOWED, "method_not_allowed", "method_not_allowed",
            "Use POST, GET or OPTIONS"),
    NOT_FOUND(HttpResponseStatus.NOT_FOUND, "not_found", "not_found", "No such endpoint; use /v1/token"),
    /** A bug on our side; the client gets no detail. */
    INTERNAL_ERROR(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal_error", "internal_error", "Internal error");

    private final HttpResponseStatus status;
    private final String code;
    private final String tag;
    private final String message;

    TokenOutcome(HttpResponseStatus status, String code, String tag, String message) {
        this.status = status;
        this.code = code;
        this.tag = tag;
        this.message = message;
    }

    HttpResponseStatus status() {
        return status;
    }

    /** The {@code error} value of the JSON reply; null for {@link #OK}. */
    String code() {
        return code;
    }

    /** The {@code outcome} tag of the exchange counter. */
    String tag() {
        return tag;
    }

    /** The default human text of the reply. */
    String message() {
        return message;
    }
}
