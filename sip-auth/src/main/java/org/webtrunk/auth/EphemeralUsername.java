package org.webtrunk.auth;

/**
 * The two parts of an ephemeral username, split the way Kamailio's auth_ephemeral
 * ({@code autheph_verify_timestamp()} in {@code src/modules/auth_ephemeral/authorize.c}) splits it: at the
 * <em>first</em> {@code ':'} for both formats; when there is no {@code ':'}, or it is the last character, the
 * whole username is taken as the timestamp (so a bare {@code "1700000000"} is valid with an empty id, and
 * {@code "1700000000:"} is not a number and is refused).
 *
 * @param expires Unix seconds
 * @param id      the id part, possibly empty
 */
record EphemeralUsername(long expires, String id) {
    /** Longest username accepted: far above any we mint, bounds the HMAC work an attacker can ask for. */
    static final int MAX_LENGTH = 256;
    /** Enough digits for any Unix time this code will see; more is garbage. */
    private static final int MAX_DIGITS = 12;

    /** Splits a username; {@code null} when it is malformed (no valid timestamp, control characters, too long). */
    static EphemeralUsername parse(String username, UsernameFormat format) {
        if (username == null || username.isEmpty() || username.length() > MAX_LENGTH) {
            return null;
        }
        for (int i = 0; i < username.length(); i++) {
            char c = username.charAt(i);
            if (c < 0x20 || c >= 0x7f) {
                return null;
            }
        }
        int len = username.length();
        int colon = username.indexOf(':');
        boolean split = colon >= 0 && colon < len - 1;
        int tsStart;
        int tsEnd;
        String id;
        if (!split) {
            tsStart = 0;
            tsEnd = len;
            id = "";
        } else if (format == UsernameFormat.TIMESTAMP_FIRST) {
            tsStart = 0;
            tsEnd = colon;
            id = username.substring(colon + 1);
        } else {
            tsStart = colon + 1;
            tsEnd = len;
            id = username.substring(0, colon);
        }
        long expires = parseDigits(username, tsStart, tsEnd);
        return expires < 0 ? null : new EphemeralUsername(expires, id);
    }

    /** Builds the username text for a format. */
    static String format(UsernameFormat format, long expires, String id) {
        return format == UsernameFormat.TIMESTAMP_FIRST ? expires + ":" + id : id + ":" + expires;
    }

    private static long parseDigits(String s, int from, int to) {
        if (to <= from || to - from > MAX_DIGITS) {
            return -1;
        }
        long v = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
