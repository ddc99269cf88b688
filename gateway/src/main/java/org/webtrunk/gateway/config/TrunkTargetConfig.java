package org.webtrunk.gateway.config;

import java.util.Locale;
import java.util.Objects;
import org.webtrunk.gateway.transport.Transport;
import org.webtrunk.gateway.transport.UriHosts;

/**
 * One next hop of a trunk: {@code sip:host[:port][;transport=udp|tcp|tls]} or {@code sips:host[:port][;transport=tcp]}.
 * The port defaults to 5060, or 5061 for TLS (RFC 3261 §19.1.2); the transport to UDP, or TLS for sips (whose
 * {@code tcp} means TLS, RFC 5630 §3.1.3).
 * No user part: the Request-URI keeps the called number, the target only says where to send it.
 *
 * @param uri       the URI in canonical form, {@code sip:host:port;transport=x}
 * @param host      host name or IP literal (IPv6 without brackets)
 * @param port      port
 * @param transport UDP, TCP or TLS
 * @param priority  lower is tried first (as in DNS SRV, RFC 2782); default 10
 * @param weight    share of calls among targets of equal priority; default 1
 */
public record TrunkTargetConfig(String uri, String host, int port, Transport transport, int priority, int weight) {

    public TrunkTargetConfig {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(transport, "transport");
    }

    static TrunkTargetConfig read(ConfigNode n) {
        String raw = n.string("uri", null);
        int priority = n.integer("priority", 10, 0, 65535);
        int weight = n.integer("weight", 1, 1, 65535);
        n.rejectUnknownKeys();
        if (raw == null) {
            n.error("uri", "is required, e.g. sip:192.0.2.10:5060;transport=udp");
            return null;
        }
        try {
            TrunkTargetConfig t = parse(raw.trim());
            return new TrunkTargetConfig(t.uri, t.host, t.port, t.transport, priority, weight);
        } catch (IllegalArgumentException e) {
            n.error("uri", e.getMessage());
            return null;
        }
    }

    /** Parses a target URI with priority 10 and weight 1; throws IllegalArgumentException naming the problem. */
    public static TrunkTargetConfig parse(String uri) {
        String lower = uri.toLowerCase(Locale.ROOT);
        boolean sips;
        if (lower.startsWith("sip:")) {
            sips = false;
        } else if (lower.startsWith("sips:")) {
            sips = true;
        } else {
            throw new IllegalArgumentException("'" + uri + "' must start with sip: or sips:");
        }
        String rest = uri.substring(sips ? 5 : 4);
        if (rest.indexOf('@') >= 0) {
            throw new IllegalArgumentException("'" + uri + "' must have no user part: a target is only a next hop");
        }
        int semi = rest.indexOf(';');
        String hostPort = semi < 0 ? rest : rest.substring(0, semi);
        String transportParam = null;
        if (semi >= 0) {
            for (String param : rest.substring(semi + 1).split(";", -1)) {
                String p = param.trim().toLowerCase(Locale.ROOT);
                if (p.startsWith("transport=")) {
                    transportParam = p.substring("transport=".length());
                } else if (!p.equals("lr")) {
                    throw new IllegalArgumentException("'" + uri + "': unknown parameter '" + param + "'");
                }
            }
        }
        Transport transport = Transport.ofUri(sips, transportParam);
        if (transport == null || transport.webSocket()) {
            throw new IllegalArgumentException("'" + uri + "': transport must be udp, tcp or tls"
                    + (sips ? " (tcp or tls for sips:)" : ""));
        }
        String host;
        String portText = null;
        if (hostPort.startsWith("[")) {
            int close = hostPort.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("'" + uri + "': unclosed '[' in IPv6 address");
            }
            host = hostPort.substring(1, close);
            String after = hostPort.substring(close + 1);
            if (!after.isEmpty()) {
                if (!after.startsWith(":")) {
                    throw new IllegalArgumentException("'" + uri + "': expected ':port' after ']'");
                }
                portText = after.substring(1);
            }
            if (!isIpv6(host)) {
                throw new IllegalArgumentException("'" + uri + "': '" + host + "' is not an IPv6 address");
            }
        } else {
            int colon = hostPort.indexOf(':');
            host = colon < 0 ? hostPort : hostPort.substring(0, colon);
            portText = colon < 0 ? null : hostPort.substring(colon + 1);
            if (!isHostName(host)) {
                throw new IllegalArgumentException("'" + uri + "': '" + host + "' is not a host name or IPv4 address"
                        + " (write IPv6 in brackets)");
            }
            host = host.toLowerCase(Locale.ROOT);
        }
        int port = transport.defaultPort();
        if (portText != null) {
            port = parsePort(portText, uri);
        }
        String canonical = "sip:" + UriHosts.bracketed(host) + ":" + port + ";transport=" + transport.uriParam();
        return new TrunkTargetConfig(canonical, host, port, transport, 10, 1);
    }

    private static int parsePort(String text, String uri) {
        if (text.isEmpty() || text.length() > 5 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("'" + uri + "': bad port '" + text + "'");
        }
        int port = Integer.parseInt(text);
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("'" + uri + "': port must be between 1 and 65535");
        }
        return port;
    }

    /** A DNS name or IPv4 literal: letters, digits and dashes in dot-separated labels. */
    static boolean isHostName(String h) {
        if (h.isEmpty() || h.length() > 253 || h.startsWith(".") || h.contains("..")) {
            return false;
        }
        for (String label : h.split("\\.")) {
            if (label.isEmpty() || label.length() > 63 || label.startsWith("-") || label.endsWith("-")) {
                return false;
            }
            if (!label.chars().allMatch(c -> (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9') || c == '-')) {
                return false;
            }
        }
        return true;
    }

    private static boolean isIpv6(String h) {
        return h.indexOf(':') >= 0 && h.length() <= 45 && h.chars().allMatch(c -> (c >= '0' && c <= '9')
                || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == ':' || c == '.');
    }

    @Override
    public String toString() {
        return uri + " priority=" + priority + " weight=" + weight;
    }
}
