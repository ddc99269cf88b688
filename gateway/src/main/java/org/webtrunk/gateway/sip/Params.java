package org.webtrunk.gateway.sip;

import java.util.Locale;
import java.util.Map;

/**
 * {@code *( SEMI generic-param )} of RFC 3261 §25.1, LWS allowed around {@code ;} and {@code =}.
 *
 * @param map          names in lower case, in order; flags map to null; immutable
 * @param duplicateTag the {@code tag} parameter appeared more than once (Kamailio sanity's "duplicated tag")
 */
public record Params(Map<String, String> map, boolean duplicateTag) {
    static final Params EMPTY = new Params(ParamMap.EMPTY, false);

    /** The value, "" for a flag, null if absent. */
    public String get(String name) {
        if (!map.containsKey(name)) {
            return null;
        }
        String v = map.get(name);
        return v == null ? "" : v;
    }

    public boolean has(String name) {
        return map.containsKey(name);
    }

    /** Parses {@code s} from {@code from}, which must be at a ';' or at the end (after LWS); null on bad syntax. */
    static Params parse(String s, int from) {
        int i = skipLws(s, from);
        if (i >= s.length()) {
            return EMPTY;
        }
        ParamMap.Builder map = new ParamMap.Builder();
        boolean dupTag = false;
        while (i < s.length()) {
            if (s.charAt(i) != ';') {
                return null;
            }
            i = skipLws(s, i + 1);
            int n0 = i;
            while (i < s.length() && SipChars.isToken(s.charAt(i))) {
                i++;
            }
            if (i == n0) {
                return null;
            }
            String name = s.substring(n0, i).toLowerCase(Locale.ROOT);
            String value = null;
            i = skipLws(s, i);
            if (i < s.length() && s.charAt(i) == '=') {
                i = skipLws(s, i + 1);
                if (i < s.length() && s.charAt(i) == '"') {
                    int end = SipChars.endOfQuoted(s, i);
                    if (end < 0) {
                        return null;
                    }
                    value = s.substring(i, end + 1);
                    i = end + 1;
                } else if (i < s.length() && s.charAt(i) == '[') { // gen-value = token / host / quoted-string
                    int close = s.indexOf(']', i);
                    if (close < 0 || !HostPort.isIpAddress(s.substring(i, close + 1))) {
                        return null;
                    }
                    value = s.substring(i, close + 1);
                    i = close + 1;
                } else {
                    int v0 = i;
                    while (i < s.length() && SipChars.isToken(s.charAt(i))) {
                        i++;
                    }
                    if (i == v0) {
                        return null;
                    }
                    value = s.substring(v0, i);
                }
                i = skipLws(s, i);
            }
            if (name.equals("tag") && map.contains("tag")) {
                dupTag = true;
            }
            map.putIfAbsent(name, value);
        }
        return new Params(map.build(), dupTag);
    }

    static int skipLws(String s, int i) {
        while (i < s.length() && SipChars.isLws(s.charAt(i))) {
            i++;
        }
        return i;
    }
}
