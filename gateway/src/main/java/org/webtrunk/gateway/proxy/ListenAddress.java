package org.webtrunk.gateway.proxy;

import java.util.Locale;
import java.util.Objects;
import org.webtrunk.gateway.transport.Transport;
import org.webtrunk.gateway.transport.UriHosts;

/**
 * An address the gateway listens on, as peers must see it: the sent-by of the Via we push and the host
 * of our Record-Route entries (RFC 3261 §16.6 steps 4 and 8), and what a Route entry must name to be
 * recognised as ours (§16.4).
 *
 * @param host advertised host or IP (the public one when behind NAT)
 */
public record ListenAddress(Transport transport, String host, int port) {
    public ListenAddress {
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(host, "host");
        host = host.toLowerCase(Locale.ROOT);
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    /** {@code host:port}, IPv6 in brackets. */
    public String hostPort() {
        return UriHosts.bracketed(host) + ":" + port;
    }
}
