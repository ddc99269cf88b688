package org.webtrunk.gateway.proxy;

import java.net.InetSocketAddress;
import java.util.Objects;
import org.webtrunk.gateway.transport.Flow;
import org.webtrunk.gateway.transport.Transport;
import org.webtrunk.gateway.transport.UriHosts;

/**
 * One next hop to try, in plan order (the failover list from the trunk selection).
 *
 * @param transport how to reach it
 * @param address   resolved address; for a {@code flow} target, the flow's remote address
 * @param uriHost   host[:port] for the Request-URI of an initial request sent here (§16.6 step 2);
 *                  null keeps the Request-URI as it came
 * @param flow      a fixed flow (a browser's WebSocket); null to ask {@link OutboundFlows}
 * @param origin    the caller's own object for this target (e.g. a {@code tenant.TrunkTarget}), handed back
 *                  in {@link TargetListener} callbacks; may be null
 */
public record Target(Transport transport, InetSocketAddress address, String uriHost, Flow flow, Object origin) {
    public Target {
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(address, "address");
    }

    /** A trunk target: the Request-URI host becomes {@code address} with the port. */
    public static Target of(Transport transport, InetSocketAddress address, Object origin) {
        String ip = address.getAddress() != null ? address.getAddress().getHostAddress() : address.getHostString();
        return new Target(transport, address, UriHosts.bracketed(ip) + ":" + address.getPort(), null, origin);
    }

    /** An existing flow, e.g. the WebSocket of a registered browser; the Request-URI is kept. */
    public static Target of(Flow flow) {
        return new Target(flow.transport(), flow.remote(), null, flow, null);
    }

    /** A next hop from a Route or Request-URI: the Request-URI is kept (§16.6 step 2 applies to targets only). */
    static Target nextHop(Transport transport, InetSocketAddress address) {
        return new Target(transport, address, null, null, null);
    }

    @Override
    public String toString() {
        return transport + ":" + address.getHostString() + ":" + address.getPort();
    }
}
