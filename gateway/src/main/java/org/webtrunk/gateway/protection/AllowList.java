package org.webtrunk.gateway.protection;

import io.netty.handler.ipfilter.IpFilterRuleType;
import io.netty.handler.ipfilter.IpSubnetFilterRule;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.webtrunk.gateway.config.ProtectionConfig;

/**
 * Networks that are never banned, flood-counted or limited per address: trunks and monitoring. IPv4 and IPv6
 * CIDRs, matched with Netty's {@link IpSubnetFilterRule}. Immutable and thread-safe.
 */
public final class AllowList {
    private final List<IpSubnetFilterRule> rules;
    private final List<String> cidrs;

    /** @param cidrs entries validated by {@link ProtectionConfig} (IP literals, optional prefix; no names) */
    public AllowList(List<String> cidrs) {
        List<IpSubnetFilterRule> r = new ArrayList<>();
        for (String cidr : cidrs) {
            r.add(new IpSubnetFilterRule(ProtectionConfig.cidrAddress(cidr), ProtectionConfig.cidrPrefix(cidr),
                    IpFilterRuleType.ACCEPT));
        }
        this.rules = List.copyOf(r);
        this.cidrs = List.copyOf(cidrs);
    }

    public boolean contains(InetAddress address) {
        if (rules.isEmpty()) {
            return false;
        }
        InetSocketAddress a = new InetSocketAddress(address, 0);
        for (IpSubnetFilterRule rule : rules) {
            if (rule.matches(a)) {
                return true;
            }
        }
        return false;
    }

    public List<String> cidrs() {
        return cidrs;
    }
}
