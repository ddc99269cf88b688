package org.webtrunk.gateway.dialog;

import java.util.List;
import java.util.Locale;
import org.webtrunk.gateway.sip.HeaderName;
import org.webtrunk.gateway.sip.SipMessage;

/**
 * A Session-Expires value (RFC 4028 §4): {@code delta-seconds *(;se-params)}, e.g. {@code 90;refresher=uac}.
 *
 * @param refresher {@code uac}, {@code uas} or null when absent
 */
record SessionExpires(long seconds, String refresher) {

    /** Null when absent or malformed (a malformed one is ignored, as if absent). */
    static SessionExpires parse(String value) {
        if (value == null) {
            return null;
        }
        String[] parts = value.split(";");
        String delta = parts[0].trim();
        if (delta.isEmpty() || delta.length() > 10 || !delta.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return null;
        }
        String refresher = null;
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].trim().toLowerCase(Locale.ROOT);
            if (p.startsWith("refresher=")) {
                String r = p.substring("refresher=".length()).trim();
                refresher = "uac".equals(r) || "uas".equals(r) ? r : null;
            }
        }
        return new SessionExpires(Long.parseLong(delta), refresher);
    }

    /** True when the request says it supports (or requires) the timer extension. */
    static boolean supported(SipMessage request) {
        return has(request.headerValues(HeaderName.SUPPORTED)) || has(request.headerValues(HeaderName.REQUIRE));
    }

    private static boolean has(List<String> options) {
        for (String o : options) {
            if ("timer".equalsIgnoreCase(o.trim())) {
                return true;
            }
        }
        return false;
    }
}
