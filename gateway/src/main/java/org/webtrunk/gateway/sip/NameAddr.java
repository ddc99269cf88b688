package org.webtrunk.gateway.sip;

/**
 * A From/To/Contact/Route value: {@code name-addr / addr-spec} and header parameters (RFC 3261 §20.10, §25.1).
 *
 * @param displayName unquoted display name, null if none
 * @param uri         the URI (checked against the SIP URI grammar for sip/sips)
 * @param params      header parameters (tag, expires, +sip.instance, reg-id ...)
 * @param bracketed   the URI was enclosed in {@code <>}
 */
public record NameAddr(String displayName, SipUri uri, Params params, boolean bracketed) {

    public String tag() {
        return params.get("tag");
    }

    /** Parses one header value (one list element); null if it does not match the grammar. */
    public static NameAddr parse(String value) {
        if (value == null) {
            return null;
        }
        String s = SipChars.trimLws(value);
        if (s.isEmpty()) {
            return null;
        }
        int i = 0;
        String display = null;
        int lt;
        if (s.charAt(0) == '"') {
            int end = SipChars.endOfQuoted(s, 0);
            if (end < 0) {
                return null;
            }
            display = s.substring(1, end);
            lt = Params.skipLws(s, end + 1);
            if (lt >= s.length() || s.charAt(lt) != '<') {
                return null;
            }
        } else {
            lt = -1;
            for (i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c == '<') {
                    lt = i;
                    break;
                }
                if (!(SipChars.isToken(c) || SipChars.isLws(c))) {
                    break;
                }
            }
            if (lt >= 0) {
                display = SipChars.trimLws(s.substring(0, lt));
                if (display.isEmpty()) {
                    display = null;
                }
            }
        }
        if (lt >= 0) {
            int gt = s.indexOf('>', lt + 1);
            if (gt < 0) {
                return null;
            }
            String uriText = s.substring(lt + 1, gt);
            SipUri uri = SipUri.parse(uriText);
            if (uri == null) {
                return null;
            }
            Params p = Params.parse(s, gt + 1);
            return p == null ? null : new NameAddr(display, uri, p, true);
        }
        // addr-spec: the URI ends at the first ';' or LWS and may not hold ',', '?' or ';' (RFC 3261 §20)
        int end = 0;
        while (end < s.length() && s.charAt(end) != ';' && !SipChars.isLws(s.charAt(end))) {
            end++;
        }
        String uriText = s.substring(0, end);
        if (uriText.indexOf(',') >= 0 || uriText.indexOf('?') >= 0) {
            return null;
        }
        SipUri uri = SipUri.parse(uriText);
        if (uri == null) {
            return null;
        }
        Params p = Params.parse(s, end);
        return p == null ? null : new NameAddr(null, uri, p, false);
    }
}
