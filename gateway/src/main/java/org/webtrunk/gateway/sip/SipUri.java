package org.webtrunk.gateway.sip;

import java.util.Locale;
import java.util.Map;
import org.webtrunk.gateway.transport.Transport;

/**
 * A SIP, SIPS or other absolute URI (RFC 3261 §19.1, §25.1), checked against the grammar.
 * {@link #parse} returns null instead of throwing, so bad input is an answer, not an exception.
 *
 * @param scheme   lower case
 * @param user     null if absent (escapes kept as sent)
 * @param host     null for non-SIP schemes
 * @param port     -1 if absent
 * @param params   URI parameters in order, lower-case names, null value for flags
 * @param headers  the {@code ?headers} part, null if absent
 * @param raw      the URI text as received
 */
public record SipUri(String scheme, String user, String password, String host, int port,
                     Map<String, String> params, String headers, String raw) {

    private static final String USER_EXTRA = "-_.!~*'()&=+$,;?/";
    private static final String PASSWORD_EXTRA = "-_.!~*'()&=+$,";
    private static final String PARAM_EXTRA = "-_.!~*'()[]/:&+$";
    private static final String HEADER_EXTRA = "-_.!~*'()[]/?:+$=&";

    public boolean isSip() {
        return "sip".equals(scheme) || "sips".equals(scheme);
    }

    /**
     * The transport this URI asks for (RFC 3263 §4.1 without the DNS lookups; {@link Transport#ofUri}); null
     * for a transport we do not know.
     */
    public Transport transport() {
        return Transport.ofUri("sips".equals(scheme), param("transport"));
    }

    /** The port, else the default of the transport it asks for, else of its scheme (5061 for sips:). */
    public int portOrDefault() {
        if (port >= 0) {
            return port;
        }
        Transport t = transport();
        return t != null ? t.defaultPort() : Transport.ofUri("sips".equals(scheme), null).defaultPort();
    }

    /** The value of a URI parameter, "" for a flag, null if absent. */
    public String param(String name) {
        if (!params.containsKey(name)) {
            return null;
        }
        String v = params.get(name);
        return v == null ? "" : v;
    }

    /** Returns the scheme (lower case) if {@code s} starts with a syntactically valid one, else null. */
    public static String schemeOf(String s) {
        int colon = s.indexOf(':');
        if (colon <= 0 || !SipChars.isAlpha(s.charAt(0))) {
            return null;
        }
        for (int i = 1; i < colon; i++) {
            char c = s.charAt(i);
            if (!(SipChars.isAlpha(c) || SipChars.isDigit(c) || c == '+' || c == '-' || c == '.')) {
                return null;
            }
        }
        if (colon == 3 && s.regionMatches(true, 0, "sip", 0, 3)) {
            return "sip"; // the common schemes without a substring and a lower-case copy
        }
        if (colon == 4 && s.regionMatches(true, 0, "sips", 0, 4)) {
            return "sips";
        }
        if (colon == 3 && s.regionMatches(true, 0, "tel", 0, 3)) {
            return "tel";
        }
        return s.substring(0, colon).toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a URI; null if it does not match the grammar. Non-SIP schemes get a light check only. Scans in
     * place: only the parts kept (user, password, host, parameters, headers) are copied out.
     */
    public static SipUri parse(String s) {
        if (s == null) {
            return null;
        }
        String scheme = schemeOf(s);
        if (scheme == null) {
            return null;
        }
        int start = scheme.length() + 1;
        int n = s.length();
        if (start >= n || hasLwsOrCtl(s, start)) {
            return null;
        }
        if (!scheme.equals("sip") && !scheme.equals("sips")) {
            return new SipUri(scheme, null, null, null, -1, Map.of(), null, s);
        }
        String user = null;
        String password = null;
        int hostStart = start;
        int at = s.indexOf('@', start);
        if (at >= 0) {
            int colon = s.indexOf(':', start);
            int userEnd = colon < 0 || colon > at ? at : colon;
            if (userEnd == start || !chars(s, start, userEnd, USER_EXTRA)
                    || (userEnd < at && !chars(s, userEnd + 1, at, PASSWORD_EXTRA))) {
                return null;
            }
            user = s.substring(start, userEnd);
            password = userEnd < at ? s.substring(userEnd + 1, at) : null;
            hostStart = at + 1;
        }
        String headers = null;
        int end = n;
        int q = s.indexOf('?', hostStart);
        if (q >= 0) {
            headers = s.substring(q + 1);
            if (!headersOk(headers)) {
                return null;
            }
            end = q;
        }
        int semi = s.indexOf(';', hostStart);
        if (semi >= end) {
            semi = -1;
        }
        HostPort hp = HostPort.parse(s, hostStart, semi < 0 ? end : semi);
        if (hp == null) {
            return null;
        }
        Map<String, String> params = Map.of();
        if (semi >= 0) {
            ParamMap.Builder b = new ParamMap.Builder();
            int from = semi + 1;
            while (true) {
                int next = s.indexOf(';', from);
                int stop = next < 0 || next >= end ? end : next;
                int eq = s.indexOf('=', from);
                int nameEnd = eq < 0 || eq >= stop ? stop : eq;
                if (nameEnd == from || !chars(s, from, nameEnd, PARAM_EXTRA)
                        || (nameEnd < stop && (nameEnd + 1 == stop || !chars(s, nameEnd + 1, stop, PARAM_EXTRA)))) {
                    return null;
                }
                String value = nameEnd < stop ? s.substring(nameEnd + 1, stop) : null;
                b.putLast(s.substring(from, nameEnd).toLowerCase(Locale.ROOT), value);
                if (stop == end) {
                    break;
                }
                from = stop + 1;
            }
            params = b.build();
        }
        return new SipUri(scheme, user, password, hp.host(), hp.port(), params, headers, s);
    }

    /** {@code header *( "&" header )}, {@code header = hname "=" hvalue}, hname non-empty. */
    private static boolean headersOk(String headers) {
        for (String h : headers.split("&", -1)) {
            int eq = h.indexOf('=');
            if (eq <= 0 || !chars(h.substring(0, eq), HEADER_EXTRA.replace("=", "").replace("&", ""))
                    || !chars(h.substring(eq + 1), HEADER_EXTRA.replace("&", ""))) {
                return false;
            }
        }
        return true;
    }

    private static boolean hasLwsOrCtl(String s, int from) {
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= ' ' || c == 0x7f || c == '<' || c == '>' || c == '"') {
                return true;
            }
        }
        return false;
    }

    /** unreserved / escaped / the given extra characters (RFC 3261 §25.1). */
    private static boolean chars(String s, String extra) {
        return chars(s, 0, s.length(), extra);
    }

    /** The same for {@code s[from, to)}. */
    private static boolean chars(String s, int from, int to, String extra) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= to || !SipChars.isHex(s.charAt(i + 1)) || !SipChars.isHex(s.charAt(i + 2))) {
                    return false;
                }
                i += 2;
            } else if (!(SipChars.isAlpha(c) || SipChars.isDigit(c) || extra.indexOf(c) >= 0)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return raw;
    }
}
