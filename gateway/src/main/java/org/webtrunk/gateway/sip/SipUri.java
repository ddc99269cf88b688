package org.webtrunk.gateway.sip;

import java.util.Locale;
import java.util.Map;

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

    /** Parses a URI; null if it does not match the grammar. Non-SIP schemes get a light check only. */
    public static SipUri parse(String s) {
        if (s == null) {
            return null;
        }
        String scheme = schemeOf(s);
        if (scheme == null) {
            return null;
        }
        String rest = s.substring(scheme.length() + 1);
        if (rest.isEmpty() || hasLwsOrCtl(rest)) {
            return null;
        }
        if (!scheme.equals("sip") && !scheme.equals("sips")) {
            return new SipUri(scheme, null, null, null, -1, Map.of(), null, s);
        }
        String headers = null;
        String user = null;
        String password = null;
        int at = rest.indexOf('@');
        String hostPart = rest;
        if (at >= 0) {
            String userinfo = rest.substring(0, at);
            hostPart = rest.substring(at + 1);
            int colon = userinfo.indexOf(':');
            user = colon < 0 ? userinfo : userinfo.substring(0, colon);
            password = colon < 0 ? null : userinfo.substring(colon + 1);
            if (user.isEmpty() || !chars(user, USER_EXTRA) || (password != null && !chars(password, PASSWORD_EXTRA))) {
                return null;
            }
        }
        int q = hostPart.indexOf('?');
        if (q >= 0) {
            headers = hostPart.substring(q + 1);
            hostPart = hostPart.substring(0, q);
            if (!headersOk(headers)) {
                return null;
            }
        }
        int semi = hostPart.indexOf(';');
        String paramText = semi < 0 ? null : hostPart.substring(semi + 1);
        String hostport = semi < 0 ? hostPart : hostPart.substring(0, semi);
        HostPort hp = HostPort.parse(hostport);
        if (hp == null) {
            return null;
        }
        Map<String, String> params = Map.of();
        if (paramText != null) {
            ParamMap.Builder b = new ParamMap.Builder();
            int from = 0;
            while (true) {
                int end = paramText.indexOf(';', from);
                String p = end < 0 ? paramText.substring(from) : paramText.substring(from, end);
                int eq = p.indexOf('=');
                String name = eq < 0 ? p : p.substring(0, eq);
                String value = eq < 0 ? null : p.substring(eq + 1);
                if (name.isEmpty() || !chars(name, PARAM_EXTRA) || (value != null && (value.isEmpty() || !chars(value, PARAM_EXTRA)))) {
                    return null;
                }
                b.putLast(name.toLowerCase(Locale.ROOT), value);
                if (end < 0) {
                    break;
                }
                from = end + 1;
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

    private static boolean hasLwsOrCtl(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= ' ' || c == 0x7f || c == '<' || c == '>' || c == '"') {
                return true;
            }
        }
        return false;
    }

    /** unreserved / escaped / the given extra characters (RFC 3261 §25.1). */
    private static boolean chars(String s, String extra) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length() || !SipChars.isHex(s.charAt(i + 1)) || !SipChars.isHex(s.charAt(i + 2))) {
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
