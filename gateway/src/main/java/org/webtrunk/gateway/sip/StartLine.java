package org.webtrunk.gateway.sip;

/**
 * Offsets of the three tokens of a Request-Line ({@code Method SP Request-URI SP SIP-Version}) or a
 * Status-Line ({@code SIP-Version SP Status-Code SP Reason-Phrase}), RFC 3261 §7.1, §7.2. Exactly one SP
 * between the Request-Line's tokens and none at its end (RFC 4475 §3.1.2.8-10); the status code is three
 * digits, 100 to 699 (§3.1.2.19). A Status-Line without reason phrase is accepted (§3.1.1.13).
 */
final class StartLine {
    final boolean request;
    final boolean ok;
    final int t0s;
    final int t0e;
    final int t1s;
    final int t1e;
    final int t2s;
    final int t2e;
    final int status;

    private StartLine(boolean request, boolean ok, int t0s, int t0e, int t1s, int t1e, int t2s, int t2e, int status) {
        this.request = request;
        this.ok = ok;
        this.t0s = t0s;
        this.t0e = t0e;
        this.t1s = t1s;
        this.t1e = t1e;
        this.t2s = t2s;
        this.t2e = t2e;
        this.status = status;
    }

    /** A line that could not be found at all: nothing but its kind is known. */
    static StartLine missing(MessageBytes bytes, int s, int e) {
        return new StartLine(!sipSlash(bytes, s, e), false, s, s, s, s, s, s, -1);
    }

    static StartLine parse(MessageBytes bytes, int s, int e) {
        int sp1 = bytes.indexOf(s, e, SipChars.SP);
        int sp2 = sp1 < 0 ? -1 : bytes.indexOf(sp1 + 1, e, SipChars.SP);
        if (sipSlash(bytes, s, e)) {
            if (sp1 < 0) {
                return new StartLine(false, false, s, e, e, e, e, e, -1);
            }
            int t1e = sp2 < 0 ? e : sp2;
            int t2s = sp2 < 0 ? e : sp2 + 1;
            int code = t1e - (sp1 + 1) == 3 ? 0 : -1;
            for (int i = sp1 + 1; code >= 0 && i < t1e; i++) {
                byte c = bytes.get(i);
                code = SipChars.isDigit(c) ? code * 10 + (c - '0') : -1;
            }
            boolean ok = code >= 100 && code <= 699;
            return new StartLine(false, ok, s, sp1, sp1 + 1, t1e, t2s, e, ok ? code : -1);
        }
        if (sp2 < 0) {
            return new StartLine(true, false, s, sp1 < 0 ? e : sp1, e, e, e, e, -1);
        }
        boolean ok = sp1 > s && sp2 > sp1 + 1 && e > sp2 + 1 && sipSlash(bytes, sp2 + 1, e);
        for (int i = s; ok && i < sp1; i++) {
            ok = SipChars.isToken(bytes.get(i));
        }
        for (int i = sp2 + 1; ok && i < e; i++) {
            ok = !SipChars.isLws(bytes.get(i));
        }
        return new StartLine(true, ok, s, sp1, sp1 + 1, sp2, sp2 + 1, e, -1);
    }

    /** Case-insensitive "SIP/" at {@code s}. */
    static boolean sipSlash(MessageBytes bytes, int s, int e) {
        return e - s >= 4 && HeaderName.lower(bytes.get(s)) == 's' && HeaderName.lower(bytes.get(s + 1)) == 'i'
                && HeaderName.lower(bytes.get(s + 2)) == 'p' && bytes.get(s + 3) == '/';
    }
}
