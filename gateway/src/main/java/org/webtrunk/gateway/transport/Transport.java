package org.webtrunk.gateway.transport;

import java.util.Locale;

/** The SIP transports the gateway speaks (RFC 3261 §18, RFC 7118 for WS/WSS). */
public enum Transport {
    UDP(false, false),
    TCP(true, false),
    TLS(true, true),
    WS(true, false),
    WSS(true, true);

    private final boolean reliable;
    private final boolean secure;

    Transport(boolean reliable, boolean secure) {
        this.reliable = reliable;
        this.secure = secure;
    }

    /** Reliable transports never retransmit (RFC 3261 §17.1.1.2: timer A only on UDP). */
    public boolean reliable() {
        return reliable;
    }

    public boolean secure() {
        return secure;
    }

    public boolean webSocket() {
        return this == WS || this == WSS;
    }

    /** The token as it appears in a Via header: {@code SIP/2.0/WSS}. */
    public String viaToken() {
        return name();
    }

    /** The value of a URI {@code transport=} parameter, lower case. */
    public String uriParam() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The port a URI or Via without one means: 5061 over TLS (and WSS), else 5060 (RFC 3261 §19.1.2). */
    public int defaultPort() {
        return secure ? 5061 : 5060;
    }

    /**
     * The transport a SIP URI asks for: its {@code transport} parameter (null when absent), else UDP for
     * {@code sip:} and TLS for {@code sips:}. A {@code sips:} URI is secure on every hop, so its {@code tcp}
     * means TLS and its {@code ws} WSS (RFC 5630 §3.1.3, which deprecates {@code transport=tls}); it has no
     * UDP. Null for a transport we do not know, or {@code sips:} with UDP.
     */
    public static Transport ofUri(boolean sips, String transportParam) {
        if (transportParam == null) {
            return sips ? TLS : UDP;
        }
        Transport t = parse(transportParam);
        if (!sips || t == null) {
            return t;
        }
        return switch (t) {
            case UDP -> null;
            case TCP, TLS -> TLS;
            case WS, WSS -> WSS;
        };
    }

    /** Parses a Via transport token or URI transport parameter, case-insensitively; null if unknown. */
    public static Transport parse(CharSequence token) {
        if (token == null) {
            return null;
        }
        for (Transport t : values()) {
            if (t.name().contentEquals(token.toString().toUpperCase(Locale.ROOT))) {
                return t;
            }
        }
        return null;
    }
}
