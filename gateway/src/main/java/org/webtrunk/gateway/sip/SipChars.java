package org.webtrunk.gateway.sip;

/** Character classes of the RFC 3261 §25.1 grammar, on bytes and chars, without allocation. */
final class SipChars {
    static final byte CR = '\r';
    static final byte LF = '\n';
    static final byte SP = ' ';
    static final byte HT = '\t';

    private static final boolean[] TOKEN = new boolean[128];

    static {
        for (char c = 'a'; c <= 'z'; c++) {
            TOKEN[c] = true;
            TOKEN[Character.toUpperCase(c)] = true;
        }
        for (char c = '0'; c <= '9'; c++) {
            TOKEN[c] = true;
        }
        for (char c : "-.!%*_+`'~".toCharArray()) {
            TOKEN[c] = true;
        }
    }

    private SipChars() {
    }

    /** RFC 3261 §25.1 {@code token} character. */
    static boolean isToken(int c) {
        return c >= 0 && c < 128 && TOKEN[c];
    }

    static boolean isWs(int c) {
        return c == ' ' || c == '\t';
    }

    static boolean isLws(int c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    static boolean isAlpha(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    static boolean isHex(int c) {
        return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    static boolean isTokenString(CharSequence s) {
        if (s == null || s.length() == 0) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!isToken(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Parses 1*DIGIT up to {@code max}; -1 if empty, not all digits or above max.
     * Leading zeros are allowed ({@code Max-Forwards: 0068}, RFC 4475 §3.1.1.1).
     */
    static long parseUnsigned(CharSequence s, long max) {
        return s == null ? -1 : parseUnsigned(s, 0, s.length(), max);
    }

    /** The same for {@code s[from, to)}: -1 if empty, not all digits, or above {@code max}. */
    static long parseUnsigned(CharSequence s, int from, int to, long max) {
        if (from >= to) {
            return -1;
        }
        long v = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (!isDigit(c)) {
                return -1;
            }
            v = v * 10 + (c - '0');
            if (v > max) {
                return -1;
            }
        }
        return v;
    }

    /** Trims SP/HT/CR/LF on both ends. */
    static String trimLws(String s) {
        int a = 0;
        int b = s.length();
        while (a < b && isLws(s.charAt(a))) {
            a++;
        }
        while (b > a && isLws(s.charAt(b - 1))) {
            b--;
        }
        return a == 0 && b == s.length() ? s : s.substring(a, b);
    }

    /** Index of the end of a quoted string starting at {@code open} (the closing quote), or -1. */
    static int endOfQuoted(CharSequence s, int open) {
        for (int i = open + 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                if (i + 1 >= s.length() || s.charAt(i + 1) == '\r' || s.charAt(i + 1) == '\n') {
                    return -1;
                }
                i++;
            } else if (c == '"') {
                return i;
            }
        }
        return -1;
    }
}
