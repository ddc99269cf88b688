package org.webtrunk.gateway.sip;

import java.util.Locale;

/**
 * One Via value (RFC 3261 §20.42, §25.1: {@code sent-protocol LWS sent-by *( SEMI via-params )}).
 * LWS around '/' and ':' is allowed as the grammar allows it (RFC 4475 §3.1.1.1).
 *
 * @param protocol  e.g. "SIP/2.0"
 * @param transport upper case: UDP, TCP, TLS, WS, WSS, SCTP or an extension token
 * @param host      lower case sent-by host ({@code xxxx.invalid} for browsers, RFC 7118 §5.2)
 * @param port      -1 if absent
 */
public record Via(String protocol, String transport, String host, int port, Params params) {
    /** RFC 3261 §8.1.1.7 magic cookie; its absence is tolerated (RFC 2543 peers, RFC 4475 §3.1.1.1). */
    public static final String MAGIC_COOKIE = "z9hG4bK";
    /**
     * Every branch the gateway puts in its own Via starts with this, so the loop check can tell our Via
     * from a client's (RFC 3261 §16.3 step 4, §16.6 step 8).
     */
    public static final String GATEWAY_BRANCH_PREFIX = MAGIC_COOKIE + "-wt-";

    public String branch() {
        return params.get("branch");
    }

    public String received() {
        return params.get("received");
    }

    /** RFC 3581: the client asked for rport. */
    public boolean hasRport() {
        return params.has("rport");
    }

    /** The rport value, -1 when absent or without a value. */
    public int rport() {
        String v = params.get("rport");
        return v == null || v.isEmpty() ? -1 : (int) SipChars.parseUnsigned(v, 65535);
    }

    /** Parses one via-parm; null on bad syntax (missing parts, empty params, bad host or port). */
    public static Via parse(String value) {
        if (value == null) {
            return null;
        }
        String s = value;
        int[] pos = {Params.skipLws(s, 0)};
        String protocol;
        if (s.startsWith("SIP/2.0/", pos[0])) {
            protocol = "SIP/2.0"; // nearly every Via: no substrings
            pos[0] += 8;
        } else {
            String name = token(s, pos);
            if (name == null || !slash(s, pos)) {
                return null;
            }
            String version = token(s, pos);
            if (version == null || !slash(s, pos)) {
                return null;
            }
            protocol = name + "/" + version;
        }
        String transport = transport(s, pos);
        if (transport == null) {
            return null;
        }
        int i = Params.skipLws(s, pos[0]);
        if (i == pos[0]) {
            return null;
        }
        int h0 = i;
        if (i < s.length() && s.charAt(i) == '[') {
            int close = s.indexOf(']', i);
            if (close < 0) {
                return null;
            }
            i = close + 1;
        } else {
            while (i < s.length() && (SipChars.isAlpha(s.charAt(i)) || SipChars.isDigit(s.charAt(i))
                    || s.charAt(i) == '-' || s.charAt(i) == '.')) {
                i++;
            }
        }
        HostPort hp = HostPort.parse(s, h0, i);
        if (hp == null) {
            return null;
        }
        int port = -1;
        int j = Params.skipLws(s, i);
        if (j < s.length() && s.charAt(j) == ':') {
            int p0 = Params.skipLws(s, j + 1);
            int p1 = p0;
            while (p1 < s.length() && SipChars.isDigit(s.charAt(p1))) {
                p1++;
            }
            long p = SipChars.parseUnsigned(s, p0, p1, 65535);
            if (p < 0) {
                return null;
            }
            port = (int) p;
            i = p1;
        }
        Params params = Params.parse(s, i);
        if (params == null) {
            return null;
        }
        String branch = params.get("branch");
        if (branch != null && !SipChars.isTokenString(branch)) {
            return null;
        }
        String received = params.get("received");
        if (received != null && !HostPort.isIpAddress(received)) {
            return null;
        }
        String rport = params.get("rport");
        if (rport != null && !rport.isEmpty() && SipChars.parseUnsigned(rport, 65535) < 0) {
            return null;
        }
        return new Via(protocol, transport, hp.host(), port, params);
    }

    private static final String[] TRANSPORTS = {"UDP", "TCP", "TLS", "WS", "WSS", "SCTP"};

    /** The transport token in upper case; the common ones without a copy. */
    private static String transport(String s, int[] pos) {
        int t0 = scanToken(s, pos);
        int i = pos[0];
        if (i == t0) {
            return null;
        }
        for (String t : TRANSPORTS) {
            if (t.length() == i - t0 && s.regionMatches(true, t0, t, 0, t.length())) {
                return t;
            }
        }
        return s.substring(t0, i).toUpperCase(Locale.ROOT);
    }

    private static String token(String s, int[] pos) {
        int t0 = scanToken(s, pos);
        return pos[0] == t0 ? null : s.substring(t0, pos[0]);
    }

    /** Skips LWS and then a token from {@code pos[0]}, leaving {@code pos[0]} after it; returns where it starts. */
    private static int scanToken(String s, int[] pos) {
        int i = Params.skipLws(s, pos[0]);
        int t0 = i;
        while (i < s.length() && SipChars.isToken(s.charAt(i))) {
            i++;
        }
        pos[0] = i;
        return t0;
    }

    private static boolean slash(String s, int[] pos) {
        int i = Params.skipLws(s, pos[0]);
        if (i < s.length() && s.charAt(i) == '/') {
            pos[0] = i + 1;
            return true;
        }
        return false;
    }

    /** The sent-by as text: host or host:port. */
    public String sentBy() {
        return port < 0 ? host : host + ":" + port;
    }
}
