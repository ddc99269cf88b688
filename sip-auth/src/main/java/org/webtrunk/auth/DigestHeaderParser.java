package org.webtrunk.auth;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A strict, allocation-light scanner for {@code Digest} credentials. Structure is strict (names are tokens,
 * every parameter has a value, parameters are separated by commas, quotes balance); spacing is lenient (any
 * SP/HTAB/CR/LF around names, values and commas, empty list elements). Returns, never throws.
 */
final class DigestHeaderParser {
    /** Longest value accepted: real ones are under 1 KB; bounds the work per request (denial of service). */
    static final int MAX_LENGTH = 8192;
    /** More parameters than any client sends; bounds the work and the list of other parameters. */
    static final int MAX_PARAMS = 32;
    /**
     * The names every client sends, each with a slot in the parsed values (no map, no name copied or
     * lower-cased per request). The first five are required.
     */
    static final String[] KNOWN_NAMES = {"username", "realm", "nonce", "uri", "response", "algorithm",
        "cnonce", "opaque", "qop", "nc"};
    static final int USERNAME = 0;
    static final int REALM = 1;
    static final int NONCE = 2;
    static final int URI = 3;
    static final int RESPONSE = 4;
    static final int ALGORITHM = 5;
    static final int CNONCE = 6;
    static final int OPAQUE = 7;
    static final int QOP = 8;
    static final int NC = 9;
    private static final int REQUIRED = 5;

    private DigestHeaderParser() {
    }

    static DigestParseResult parse(String v) {
        if (v == null) {
            return DigestParseResult.malformed("absent");
        }
        int len = v.length();
        if (len > MAX_LENGTH) {
            return DigestParseResult.malformed("longer than " + MAX_LENGTH);
        }
        for (int i = 0; i < len; i++) {
            char c = v.charAt(i);
            if (c >= 0x7f || (c < 0x20 && c != '\t' && c != '\r' && c != '\n')) {
                return DigestParseResult.malformed("non-ASCII or control character");
            }
        }
        int i = skipSpace(v, 0);
        int schemeEnd = scanToken(v, i);
        if (schemeEnd == i || !v.regionMatches(true, i, "Digest", 0, schemeEnd - i) || schemeEnd - i != 6) {
            return DigestParseResult.malformed("scheme is not Digest");
        }
        i = schemeEnd;
        if (i >= len || !isSpace(v.charAt(i))) {
            return DigestParseResult.malformed("no parameters");
        }
        String[] known = new String[KNOWN_NAMES.length];
        List<String> others = null; // name, value, name, value, ...
        int count = 0;
        StringBuilder sb = null;
        while (true) {
            i = skipSpaceAndCommas(v, i);
            if (i >= len) {
                break;
            }
            int nameEnd = scanToken(v, i);
            if (nameEnd == i) {
                return DigestParseResult.malformed("bad parameter name");
            }
            int slot = knownSlot(v, i, nameEnd);
            String name = slot >= 0 ? null : v.substring(i, nameEnd).toLowerCase(Locale.ROOT);
            i = skipSpace(v, nameEnd);
            if (i >= len || v.charAt(i) != '=') {
                return DigestParseResult.malformed("parameter without value");
            }
            i = skipSpace(v, i + 1);
            if (i >= len) {
                return DigestParseResult.malformed("truncated");
            }
            String value;
            int close = v.charAt(i) == '"' ? plainQuotedEnd(v, i + 1) : -1;
            if (close >= 0) {
                value = v.substring(i + 1, close);
                i = close + 1;
            } else if (v.charAt(i) == '"') {
                if (sb == null) {
                    sb = new StringBuilder(64);
                }
                sb.setLength(0);
                int j = i + 1;
                boolean closed = false;
                while (j < len) {
                    char c = v.charAt(j);
                    if (c == '\\') {
                        if (j + 1 >= len) {
                            break;
                        }
                        sb.append(v.charAt(j + 1));
                        j += 2;
                    } else if (c == '"') {
                        closed = true;
                        j++;
                        break;
                    } else {
                        sb.append(c);
                        j++;
                    }
                }
                if (!closed) {
                    return DigestParseResult.malformed("unbalanced quotes");
                }
                value = sb.toString();
                i = j;
            } else {
                int j = i;
                while (j < len && isBareValueChar(v.charAt(j))) {
                    j++;
                }
                if (j == i) {
                    return DigestParseResult.malformed("empty value");
                }
                value = v.substring(i, j);
                i = j;
            }
            if (++count > MAX_PARAMS) {
                return DigestParseResult.malformed("too many parameters");
            }
            if (slot >= 0) {
                if (known[slot] != null) {
                    return DigestParseResult.malformed("duplicate parameter");
                }
                known[slot] = value;
            } else {
                if (others == null) {
                    others = new ArrayList<>(4);
                }
                for (int k = 0; k < others.size(); k += 2) {
                    if (others.get(k).equals(name)) {
                        return DigestParseResult.malformed("duplicate parameter");
                    }
                }
                others.add(name);
                others.add(value);
            }
            i = skipSpace(v, i);
            if (i < len && v.charAt(i) != ',') {
                return DigestParseResult.malformed("missing comma");
            }
        }
        return validate(known, others == null ? List.of() : others);
    }

    private static DigestParseResult validate(String[] p, List<String> others) {
        for (int slot = 0; slot < REQUIRED; slot++) {
            String value = p[slot];
            if (value == null) {
                return DigestParseResult.malformed("missing " + KNOWN_NAMES[slot]);
            }
            if (value.isEmpty() && slot != REALM) {
                return DigestParseResult.malformed("empty " + KNOWN_NAMES[slot]);
            }
        }
        if (!isHex(p[RESPONSE])) {
            return DigestParseResult.malformed("response is not hex");
        }
        DigestAlgorithm algorithm = null;
        String alg = p[ALGORITHM];
        if (alg != null) {
            algorithm = DigestAlgorithm.fromToken(alg);
            if (algorithm == null) {
                return DigestParseResult.malformed("unsupported algorithm");
            }
        }
        long nc = 0;
        String qop = p[QOP];
        if (qop != null) {
            if (!qop.equalsIgnoreCase("auth")) {
                return DigestParseResult.malformed("unsupported qop");
            }
            p[QOP] = "auth";
            String ncText = p[NC];
            if (ncText == null || ncText.length() != 8 || !isHex(ncText)) {
                return DigestParseResult.malformed("nc is not 8 hex digits");
            }
            nc = Long.parseLong(ncText, 16);
            if (nc == 0) {
                return DigestParseResult.malformed("nc is zero");
            }
            String cnonce = p[CNONCE];
            if (cnonce == null || cnonce.isEmpty()) {
                return DigestParseResult.malformed("missing cnonce");
            }
        }
        return DigestParseResult.ok(new DigestCredentials(p, others, algorithm, nc));
    }

    /** The slot of a usual parameter name (any case), or -1. */
    private static int knownSlot(String v, int start, int end) {
        int len = end - start;
        for (int slot = 0; slot < KNOWN_NAMES.length; slot++) {
            String known = KNOWN_NAMES[slot];
            if (known.length() == len && (v.charAt(start) | 0x20) == known.charAt(0)
                    && v.regionMatches(true, start, known, 0, len)) {
                return slot;
            }
        }
        return -1;
    }

    /** Index of the closing quote of a quoted string without escapes, or -1 (escapes or no closing quote). */
    private static int plainQuotedEnd(String v, int from) {
        for (int j = from; j < v.length(); j++) {
            char c = v.charAt(j);
            if (c == '"') {
                return j;
            }
            if (c == '\\') {
                return -1;
            }
        }
        return -1;
    }

    static boolean isHex(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (Character.digit(s.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    private static int skipSpace(String v, int i) {
        while (i < v.length() && isSpace(v.charAt(i))) {
            i++;
        }
        return i;
    }

    private static int skipSpaceAndCommas(String v, int i) {
        while (i < v.length() && (isSpace(v.charAt(i)) || v.charAt(i) == ',')) {
            i++;
        }
        return i;
    }

    /** RFC 3261 §25.1 token characters. */
    private static boolean isTokenChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || "-.!%*_+`'~".indexOf(c) >= 0;
    }

    private static int scanToken(String v, int i) {
        while (i < v.length() && isTokenChar(v.charAt(i))) {
            i++;
        }
        return i;
    }

    /** Unquoted values: lenient for clients that leave a URI or base64 nonce unquoted. */
    private static boolean isBareValueChar(char c) {
        return c > 0x20 && c < 0x7f && c != ',' && c != '"' && c != '\\';
    }
}
