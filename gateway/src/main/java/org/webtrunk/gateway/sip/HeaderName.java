package org.webtrunk.gateway.sip;

import java.util.Locale;

/**
 * Header fields the gateway looks at, with their compact forms (RFC 3261 §7.3.3, §20; RFC 3841,
 * RFC 3515, RFC 3892, RFC 4028, RFC 6665, RFC 8224). Lookup is case-insensitive and allocation-free.
 */
public enum HeaderName {
    VIA("Via", 'v'),
    CALL_ID("Call-ID", 'i'),
    FROM("From", 'f'),
    TO("To", 't'),
    CSEQ("CSeq"),
    MAX_FORWARDS("Max-Forwards"),
    CONTACT("Contact", 'm'),
    CONTENT_LENGTH("Content-Length", 'l'),
    CONTENT_TYPE("Content-Type", 'c'),
    CONTENT_ENCODING("Content-Encoding", 'e'),
    SUPPORTED("Supported", 'k'),
    SUBJECT("Subject", 's'),
    EVENT("Event", 'o'),
    REFER_TO("Refer-To", 'r'),
    REFERRED_BY("Referred-By", 'b'),
    SESSION_EXPIRES("Session-Expires", 'x'),
    ALLOW_EVENTS("Allow-Events", 'u'),
    IDENTITY("Identity", 'y'),
    ACCEPT_CONTACT("Accept-Contact", 'a'),
    REJECT_CONTACT("Reject-Contact", 'j'),
    REQUEST_DISPOSITION("Request-Disposition", 'd'),
    ROUTE("Route"),
    RECORD_ROUTE("Record-Route"),
    PATH("Path"),
    EXPIRES("Expires"),
    MIN_SE("Min-SE"),
    REQUIRE("Require"),
    PROXY_REQUIRE("Proxy-Require"),
    UNSUPPORTED("Unsupported"),
    AUTHORIZATION("Authorization"),
    PROXY_AUTHORIZATION("Proxy-Authorization"),
    WWW_AUTHENTICATE("WWW-Authenticate"),
    PROXY_AUTHENTICATE("Proxy-Authenticate"),
    ALLOW("Allow"),
    ACCEPT("Accept"),
    USER_AGENT("User-Agent"),
    SERVER("Server");

    private static final HeaderName[] VALUES = values();
    private static final HeaderName[] BY_COMPACT = new HeaderName[128];
    private static final int MAX_LENGTH = 32;
    /** Candidates by length and lower-case first letter: every header line is looked up, most in one compare. */
    private static final HeaderName[][][] BY_LENGTH_AND_FIRST = new HeaderName[MAX_LENGTH][26][];

    static {
        for (HeaderName h : VALUES) {
            if (h.compact != 0) {
                BY_COMPACT[h.compact] = h;
            }
            HeaderName[][] byFirst = BY_LENGTH_AND_FIRST[h.lower.length];
            int first = h.lower[0] - 'a';
            HeaderName[] old = byFirst[first] == null ? new HeaderName[0] : byFirst[first];
            HeaderName[] grown = java.util.Arrays.copyOf(old, old.length + 1);
            grown[old.length] = h;
            byFirst[first] = grown;
        }
    }

    private final String canonical;
    private final byte[] lower;
    private final char compact;

    HeaderName(String canonical) {
        this(canonical, (char) 0);
    }

    HeaderName(String canonical, char compact) {
        this.canonical = canonical;
        this.lower = canonical.toLowerCase(Locale.ROOT).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        this.compact = compact;
    }

    /** The long form as RFC 3261 spells it; the gateway always writes this form. */
    public String canonical() {
        return canonical;
    }

    /** The compact form, or 0 if there is none. */
    public char compact() {
        return compact;
    }

    /** Looks a name up by full or compact form, case-insensitively; null if unknown. */
    public static HeaderName of(CharSequence name) {
        int n = name.length();
        if (n == 1) {
            char c = Character.toLowerCase(name.charAt(0));
            return c < 128 ? BY_COMPACT[c] : null;
        }
        for (HeaderName h : VALUES) {
            if (h.lower.length == n && matches(h.lower, name)) {
                return h;
            }
        }
        return null;
    }

    /** Looks up the name in {@code bytes[start, end)} without allocating; null if unknown. */
    static HeaderName of(MessageBytes bytes, int start, int end) {
        int n = end - start;
        if (n == 1) {
            int c = lower(bytes.get(start));
            return c < 128 && c >= 0 ? BY_COMPACT[c] : null;
        }
        int first = lower(bytes.get(start)) - 'a';
        HeaderName[] candidates = n < MAX_LENGTH && first >= 0 && first < 26 ? BY_LENGTH_AND_FIRST[n][first] : null;
        if (candidates != null) {
            for (HeaderName h : candidates) {
                if (matches(h.lower, bytes, start)) {
                    return h;
                }
            }
        }
        return null;
    }

    private static boolean matches(byte[] lower, CharSequence s) {
        for (int i = 0; i < lower.length; i++) {
            if (lower[i] != lower(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean matches(byte[] lower, MessageBytes bytes, int start) {
        for (int i = 0; i < lower.length; i++) {
            if (lower[i] != lower(bytes.get(start + i))) {
                return false;
            }
        }
        return true;
    }

    static int lower(int c) {
        return c >= 'A' && c <= 'Z' ? c + 32 : c;
    }
}
