package org.webtrunk.gateway.policy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.webtrunk.gateway.tenant.Tenant;
import org.webtrunk.gateway.tenant.TenantDirectory;
import org.webtrunk.gateway.tenant.Trunk;
import org.webtrunk.gateway.tenant.TrunkTarget;
import org.webtrunk.gateway.transport.Flow;
import org.webtrunk.gateway.transport.Transport;

/**
 * Recognises requests sent by a configured trunk, which are trusted without digest (as Kamailio's
 * permissions module trusts by address): over UDP the source address and port must be a trunk target's
 * (trunks send from their signalling port); over TCP/TLS the source IP must be a target's with that
 * transport (the source port of a connection is ephemeral). WebSocket flows are never trunks.
 */
final class TrunkSources {
    private final Map<InetSocketAddress, List<Tenant>> udp = new HashMap<>();
    private final Map<InetAddress, List<Tenant>> stream = new HashMap<>();

    TrunkSources(TenantDirectory directory) {
        for (Tenant tenant : directory.tenants()) {
            for (Trunk trunk : tenant.trunks()) {
                for (TrunkTarget t : trunk.targets()) {
                    if (t.transport() == Transport.UDP) {
                        udp.computeIfAbsent(t.address(), a -> new ArrayList<>()).add(tenant);
                    } else {
                        stream.computeIfAbsent(t.address().getAddress(), a -> new ArrayList<>()).add(tenant);
                    }
                }
            }
        }
    }

    /** The tenants whose trunk sent this, empty when it is not from a trunk. */
    List<Tenant> tenantsOf(Flow flow) {
        List<Tenant> found = switch (flow.transport()) {
            case UDP -> udp.get(flow.remote());
            case TCP, TLS -> stream.get(flow.remote().getAddress());
            case WS, WSS -> null;
        };
        if (found == null) {
            return List.of();
        }
        Set<Tenant> distinct = new LinkedHashSet<>(found);
        return List.copyOf(distinct);
    }
}
