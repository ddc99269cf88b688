package org.webtrunk.gateway.sip;

import java.util.Locale;

/** {@code hostport} of RFC 3261 §25.1: hostname, IPv4 or [IPv6], optional port 0..65535. */
record HostPort(String host, int port) {

    static HostPort parse(String s) {
        if (s == null || s.isEmpty()) {
            return null;
        }
        String host;
        String portText = null;
        if (s.charAt(0) == '[') {
            int close = s.indexOf(']');
            if (close < 0) {
                return null;
            }
            host = s.substring(0, close + 1);
            for (int i = 1; i < close; i++) {
                char c = s.charAt(i);
                if (!(SipChars.isHex(c) || c == ':' || c == '.')) {
                    return null;
                }
            }
            if (close + 1 < s.length()) {
                if (s.charAt(close + 1) != ':') {
                    return null;
                }
                portText = s.substring(close + 2);
            }
        } else {
            int colon = s.indexOf(':');
            host = colon < 0 ? s : s.substring(0, colon);
            portText = colon < 0 ? null : s.substring(colon + 1);
            if (!isHostname(host) && !isIpv4(host)) {
                return null;
            }
        }
        int port = -1;
        if (portText != null) {
            long p = SipChars.parseUnsigned(portText, 65535);
            if (p < 0) {
                return null;
            }
            port = (int) p;
        }
        return new HostPort(host.toLowerCase(Locale.ROOT), port);
    }

    /** {@code hostname = *( domainlabel "." ) toplabel [ "." ]}, toplabel starting with a letter. */
    static boolean isHostname(String h) {
        String s = h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
        if (s.isEmpty()) {
            return false;
        }
        int start = 0;
        while (true) {
            int dot = s.indexOf('.', start);
            int end = dot < 0 ? s.length() : dot;
            if (end == start || s.charAt(start) == '-' || s.charAt(end - 1) == '-') {
                return false;
            }
            for (int i = start; i < end; i++) {
                char c = s.charAt(i);
                if (!(SipChars.isAlpha(c) || SipChars.isDigit(c) || c == '-')) {
                    return false;
                }
            }
            if (dot < 0) {
                return SipChars.isAlpha(s.charAt(start));
            }
            start = dot + 1;
        }
    }

    static boolean isIpv4(String h) {
        // four dot-separated decimal octets; scanned in place (split allocated per Via, Contact and URI)
        int parts = 0;
        int value = 0;
        int digits = 0;
        for (int i = 0, n = h.length(); i <= n; i++) {
            char c = i < n ? h.charAt(i) : '.';
            if (c == '.') {
                if (digits == 0 || ++parts > 4) {
                    return false;
                }
                value = 0;
                digits = 0;
            } else if (c >= '0' && c <= '9' && digits < 3) {
                value = value * 10 + (c - '0');
                digits++;
                if (value > 255) {
                    return false;
                }
            } else {
                return false;
            }
        }
        return parts == 4;
    }

    /** An IPv4 address or a bracketed or bare IPv6 reference (Via received, RFC 3261 §20.42). */
    static boolean isIpAddress(String h) {
        if (isIpv4(h)) {
            return true;
        }
        String s = h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
        if (s.indexOf(':') < 0) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(SipChars.isHex(c) || c == ':' || c == '.')) {
                return false;
            }
        }
        return true;
    }
}
