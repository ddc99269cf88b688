package org.webtrunk.auth;

import java.util.Collections;
import java.util.Map;

/**
 * The parameters of a Digest {@code Authorization} or {@code Proxy-Authorization} value
 * (<a href="https://datatracker.ietf.org/doc/html/rfc3261#section-25.1">RFC 3261 §25.1</a> {@code credentials},
 * <a href="https://datatracker.ietf.org/doc/html/rfc7616#section-3.4">RFC 7616 §3.4</a>). Values are unquoted
 * and unescaped. Parameters this class has no field for stay in {@link #params()}.
 */
public final class DigestCredentials {
    private final Map<String, String> params;
    private final DigestAlgorithm algorithm;
    private final long nonceCount;

    DigestCredentials(Map<String, String> params, DigestAlgorithm algorithm, long nonceCount) {
        this.params = Collections.unmodifiableMap(params); // the parser's own fresh map
        this.algorithm = algorithm;
        this.nonceCount = nonceCount;
    }

    /**
     * Parses a header value. Never throws: a {@code null}, truncated or oversized value, unbalanced quotes,
     * non-ASCII or control characters, a duplicate parameter, a scheme other than Digest, a missing
     * username/realm/nonce/uri/response, an unsupported algorithm or qop, or qop without a valid nc and cnonce
     * all give {@link DigestParseResult#isMalformed() MALFORMED}.
     */
    public static DigestParseResult parse(String headerValue) {
        return DigestHeaderParser.parse(headerValue);
    }

    public String username() {
        return params.get("username");
    }

    public String realm() {
        return params.get("realm");
    }

    public String nonce() {
        return params.get("nonce");
    }

    public String uri() {
        return params.get("uri");
    }

    /** The hex response as sent. */
    public String response() {
        return params.get("response");
    }

    /** The algorithm, or {@code null} when absent (which means MD5). */
    public DigestAlgorithm algorithm() {
        return algorithm;
    }

    /** {@code "auth"}, or {@code null} for the RFC 2069 form without qop. */
    public String qop() {
        return params.get("qop");
    }

    /** The nc text (8 hex digits) or {@code null} without qop. */
    public String nc() {
        return params.get("nc");
    }

    /** The nonce count as a number, or 0 without qop. */
    public long nonceCount() {
        return nonceCount;
    }

    public String cnonce() {
        return params.get("cnonce");
    }

    /** The opaque value, or {@code null} when absent. */
    public String opaque() {
        return params.get("opaque");
    }

    /** Every parameter, names in lower case, values unquoted. */
    public Map<String, String> params() {
        return params;
    }

    @Override
    public String toString() {
        return "DigestCredentials[username=" + username() + ", realm=" + realm() + ", uri=" + uri() + "]";
    }
}
