package org.webtrunk.gateway.sip;

/**
 * The CSeq value (RFC 3261 §20.16): a number below 2^31 (§8.1.1.5) and a method token.
 */
public record CSeq(long number, String method) {
    static final long MAX = (1L << 31) - 1;

    /** Parses {@code 1*DIGIT LWS Method}; null on bad syntax or an out-of-range number. */
    public static CSeq parse(String value) {
        if (value == null) {
            return null;
        }
        String s = SipChars.trimLws(value);
        int i = 0;
        while (i < s.length() && SipChars.isDigit(s.charAt(i))) {
            i++;
        }
        if (i == 0 || i > 10) {
            return null;
        }
        long n = SipChars.parseUnsigned(s.substring(0, i), MAX);
        int m = Params.skipLws(s, i);
        if (n < 0 || m == i) {
            return null;
        }
        String method = s.substring(m);
        return SipChars.isTokenString(method) ? new CSeq(n, method) : null;
    }

    @Override
    public String toString() {
        return number + " " + method;
    }
}
