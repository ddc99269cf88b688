package org.webtrunk.gateway.sip;

import java.util.Locale;
import org.webtrunk.gateway.transport.UriHosts;

/** {@code hostport} of RFC 3261 §25.1: hostname, IPv4 or [IPv6], optional port 0..65535. */
record HostPort(String host, int port) {

    static HostPort parse(String s) {
        return s == null ? null : parse(s, 0, s.length());
    }

    /** Parses {@code s[from, to)} in place: only the host is copied out. */
    static HostPort parse(String s, int from, int to) {
        if (from >= to) {
            return null;
        }
        String host;
        int portFrom = -1;
        if (s.charAt(from) == '[') {
            int close = s.indexOf(']', from);
            if (close < 0 || close >= to) {
                return null;
            }
            for (int i = from + 1; i < close; i++) {
                char c = s.charAt(i);
                if (!(SipChars.isHex(c) || c == ':' || c == '.')) {
                    return null;
                }
            }
            host = s.substring(from, close + 1);
            if (close + 1 < to) {
                if (s.charAt(close + 1) != ':') {
                    return null;
                }
                portFrom = close + 2;
            }
        } else {
            int colon = s.indexOf(':', from);
            int hostEnd = colon < 0 || colon >= to ? to : colon;
            if (!isHostname(s, from, hostEnd) && !isIpv4(s, from, hostEnd)) {
                return null;
            }
            host = s.substring(from, hostEnd);
            portFrom = hostEnd < to ? hostEnd + 1 : -1;
        }
        int port = -1;
        if (portFrom >= 0) {
            long p = SipChars.parseUnsigned(s, portFrom, to, 65535);
            if (p < 0) {
                return null;
            }
            port = (int) p;
        }
        return new HostPort(host.toLowerCase(Locale.ROOT), port);
    }

    /** {@code hostname = *( domainlabel "." ) toplabel [ "." ]}, toplabel starting with a letter. */
    static boolean isHostname(String h) {
        return isHostname(h, 0, h.length());
    }

    private static boolean isHostname(String s, int from, int to) {
        int end0 = to > from && s.charAt(to - 1) == '.' ? to - 1 : to;
        if (end0 == from) {
            return false;
        }
        int start = from;
        while (true) {
            int dot = s.indexOf('.', start);
            int end = dot < 0 || dot >= end0 ? end0 : dot;
            if (end == start || s.charAt(start) == '-' || s.charAt(end - 1) == '-') {
                return false;
            }
            for (int i = start; i < end; i++) {
                char c = s.charAt(i);
                if (!(SipChars.isAlpha(c) || SipChars.isDigit(c) || c == '-')) {
                    return false;
                }
            }
            if (end == end0) {
                return SipChars.isAlpha(s.charAt(start));
            }
            start = end + 1;
        }
    }

    static boolean isIpv4(String h) {
        return isIpv4(h, 0, h.length());
    }

    private static boolean isIpv4(String h, int from, int to) {
        // four dot-separated decimal octets; scanned in place (split allocated per Via, Contact and URI)
        int parts = 0;
        int value = 0;
        int digits = 0;
        for (int i = from; i <= to; i++) {
            char c = i < to ? h.charAt(i) : '.';
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
        String s = UriHosts.unbracketed(h);
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
