package org.webtrunk.auth;

import static org.webtrunk.auth.DigestHeaderParser.CNONCE;
import static org.webtrunk.auth.DigestHeaderParser.KNOWN_NAMES;
import static org.webtrunk.auth.DigestHeaderParser.NC;
import static org.webtrunk.auth.DigestHeaderParser.NONCE;
import static org.webtrunk.auth.DigestHeaderParser.OPAQUE;
import static org.webtrunk.auth.DigestHeaderParser.QOP;
import static org.webtrunk.auth.DigestHeaderParser.REALM;
import static org.webtrunk.auth.DigestHeaderParser.RESPONSE;
import static org.webtrunk.auth.DigestHeaderParser.URI;
import static org.webtrunk.auth.DigestHeaderParser.USERNAME;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parameters of a Digest {@code Authorization} or {@code Proxy-Authorization} value
 * (<a href="https://datatracker.ietf.org/doc/html/rfc3261#section-25.1">RFC 3261 §25.1</a> {@code credentials},
 * <a href="https://datatracker.ietf.org/doc/html/rfc7616#section-3.4">RFC 7616 §3.4</a>). Values are unquoted
 * and unescaped. Parameters this class has no field for stay in {@link #params()}.
 */
public final class DigestCredentials {
    /** By {@link DigestHeaderParser#KNOWN_NAMES} slot; {@code null} where absent. */
    private final String[] known;
    /** Other parameters: name (lower case), value, name, value, ... */
    private final List<String> others;
    private final DigestAlgorithm algorithm;
    private final long nonceCount;

    DigestCredentials(String[] known, List<String> others, DigestAlgorithm algorithm, long nonceCount) {
        this.known = known; // the parser's own fresh array and list
        this.others = others;
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
        return known[USERNAME];
    }

    public String realm() {
        return known[REALM];
    }

    public String nonce() {
        return known[NONCE];
    }

    public String uri() {
        return known[URI];
    }

    /** The hex response as sent. */
    public String response() {
        return known[RESPONSE];
    }

    /** The algorithm, or {@code null} when absent (which means MD5). */
    public DigestAlgorithm algorithm() {
        return algorithm;
    }

    /** {@code "auth"}, or {@code null} for the RFC 2069 form without qop. */
    public String qop() {
        return known[QOP];
    }

    /** The nc text (8 hex digits) or {@code null} without qop. */
    public String nc() {
        return known[NC];
    }

    /** The nonce count as a number, or 0 without qop. */
    public long nonceCount() {
        return nonceCount;
    }

    public String cnonce() {
        return known[CNONCE];
    }

    /** The opaque value, or {@code null} when absent. */
    public String opaque() {
        return known[OPAQUE];
    }

    /** Every parameter, names in lower case, values unquoted (a new map per call: few callers need it). */
    public Map<String, String> params() {
        Map<String, String> all = new LinkedHashMap<>();
        for (int slot = 0; slot < known.length; slot++) {
            if (known[slot] != null) {
                all.put(KNOWN_NAMES[slot], known[slot]);
            }
        }
        for (int k = 0; k < others.size(); k += 2) {
            all.put(others.get(k), others.get(k + 1));
        }
        return Collections.unmodifiableMap(all);
    }

    @Override
    public String toString() {
        return "DigestCredentials[username=" + username() + ", realm=" + realm() + ", uri=" + uri() + "]";
    }
}
