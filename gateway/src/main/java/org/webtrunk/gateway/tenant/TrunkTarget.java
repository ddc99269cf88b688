package org.webtrunk.gateway.tenant;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.webtrunk.gateway.config.TrunkTargetConfig;
import org.webtrunk.gateway.proxy.Target;
import org.webtrunk.gateway.proxy.TargetHeaders;
import org.webtrunk.gateway.transport.Transport;
import org.webtrunk.gateway.transport.UriHosts;

/**
 * One next hop of a trunk with its address resolved at startup. Compared by identity: each configured
 * target is one object for the life of its {@link TenantDirectory}, and health is tracked per object. Carries
 * its trunk's header changes, applied to whatever is sent to it (also after a failover from another trunk).
 */
public final class TrunkTarget implements TargetHeaders {
    private final String trunkName;
    private final String uri;
    private final String host;
    private final int port;
    private final Transport transport;
    private final int priority;
    private final int weight;
    private final InetSocketAddress address;
    private final Set<String> stripHeaders;
    private final List<String> addHeaderLines;
    /** Made once: every call's forwarding state refers to it for 32 s, so a copy per call is a copy to mark. */
    private final Target proxyTarget;

    TrunkTarget(String trunkName, TrunkTargetConfig config, InetSocketAddress address) {
        this(trunkName, config, address, Set.of(), List.of());
    }

    /** With the header changes of the target's trunk ({@code strip-headers}, {@code add-headers}). */
    TrunkTarget(String trunkName, TrunkTargetConfig config, InetSocketAddress address, Set<String> stripHeaders,
                List<String> addHeaderLines) {
        this.trunkName = Objects.requireNonNull(trunkName, "trunkName");
        this.uri = config.uri();
        this.host = config.host();
        this.port = config.port();
        this.transport = config.transport();
        this.priority = config.priority();
        this.weight = config.weight();
        this.address = Objects.requireNonNull(address, "address");
        this.stripHeaders = Set.copyOf(stripHeaders);
        this.addHeaderLines = List.copyOf(addHeaderLines);
        this.proxyTarget = Target.of(transport, address, this);
    }

    /** This target as the proxy tries it (its origin is this object). */
    public Target proxyTarget() {
        return proxyTarget;
    }

    @Override
    public Set<String> stripHeaders() {
        return stripHeaders;
    }

    @Override
    public List<String> addHeaderLines() {
        return addHeaderLines;
    }

    public String trunkName() {
        return trunkName;
    }

    /** Canonical URI, {@code sip:host:port;transport=udp}: the Route/next hop the proxy sends to. */
    public String uri() {
        return uri;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public Transport transport() {
        return transport;
    }

    /** Lower is tried first. */
    public int priority() {
        return priority;
    }

    /** Relative share among targets of the same priority, at least 1. */
    public int weight() {
        return weight;
    }

    public InetSocketAddress address() {
        return address;
    }

    /** Short label for logs and metrics: {@code udp:127.0.0.1:5090}. */
    public String label() {
        return transport.uriParam() + ":" + UriHosts.bracketed(host) + ":" + port;
    }

    @Override
    public String toString() {
        return trunkName + "/" + label();
    }
}
