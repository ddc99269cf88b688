package org.webtrunk.gateway.tenant;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.webtrunk.gateway.config.HeaderConfig;
import org.webtrunk.gateway.config.TrunkConfig;
import org.webtrunk.gateway.config.TrunkTlsConfig;

/** A trunk with resolved targets; immutable. See {@link TrunkConfig} for the meaning of each setting. */
public final class Trunk {
    private final String name;
    private final List<TrunkTarget> targets;
    private final List<HeaderConfig> addHeaders;
    private final Set<String> stripHeaders;
    private final Duration probeInterval;
    private final int downAfter;
    private final Duration targetTimeout;
    private final TrunkTlsConfig tls;

    Trunk(TrunkConfig config, List<TrunkTarget> targets) {
        this.name = config.name();
        this.targets = List.copyOf(targets);
        this.addHeaders = config.addHeaders();
        this.stripHeaders = Set.copyOf(config.stripHeaders());
        this.probeInterval = config.probeInterval();
        this.downAfter = config.downAfter();
        this.targetTimeout = config.targetTimeout();
        this.tls = config.tls();
    }

    /** How this trunk's TLS targets are checked and what the gateway shows them. */
    public TrunkTlsConfig tls() {
        return tls;
    }

    public String name() {
        return name;
    }

    /** Targets in configuration order; use a {@link TargetSelectionStrategy} for the order to try them. */
    public List<TrunkTarget> targets() {
        return targets;
    }

    public List<HeaderConfig> addHeaders() {
        return addHeaders;
    }

    /** Whether a header of this name (any case, long form as configured) must be removed before forwarding. */
    public boolean strips(String headerName) {
        return !stripHeaders.isEmpty() && stripHeaders.contains(headerName.toLowerCase(Locale.ROOT));
    }

    public Set<String> stripHeaders() {
        return stripHeaders;
    }

    public Duration probeInterval() {
        return probeInterval;
    }

    public int downAfter() {
        return downAfter;
    }

    public Duration targetTimeout() {
        return targetTimeout;
    }

    @Override
    public String toString() {
        return "Trunk[" + name + ", " + targets + "]";
    }
}
