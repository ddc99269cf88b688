package org.webtrunk.gateway.tenant;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.webtrunk.gateway.config.NumberPattern;
import org.webtrunk.gateway.config.TenantConfig;
import org.webtrunk.gateway.config.TenantsConfig;
import org.webtrunk.gateway.config.TrunkConfig;
import org.webtrunk.gateway.config.TrunkTargetConfig;
import org.webtrunk.gateway.config.TrunkTlsConfig;

/** Small builders for tenant tests; every address is an IP literal, so nothing is looked up. */
final class Fixtures {
    private Fixtures() {
    }

    static TrunkTargetConfig target(String uri, int priority, int weight) {
        TrunkTargetConfig t = TrunkTargetConfig.parse(uri);
        return new TrunkTargetConfig(t.uri(), t.host(), t.port(), t.transport(), priority, weight);
    }

    static TrunkConfig trunk(String name, int downAfter, TrunkTargetConfig... targets) {
        return new TrunkConfig(name, List.of(targets), List.of(), List.of(), Duration.ofSeconds(30), downAfter,
                Duration.ofSeconds(4), TrunkTlsConfig.DEFAULTS);
    }

    static TenantConfig tenant(String id, boolean isDefault, List<String> numbers, String... trunks) {
        List<NumberPattern> patterns = new ArrayList<>();
        for (String n : numbers) {
            patterns.add(NumberPattern.parse(n));
        }
        return new TenantConfig(id, isDefault, List.of(id), patterns, List.of(trunks), 403);
    }

    /** A directory holding just these trunks, under one tenant. */
    static TenantDirectory directory(TrunkConfig... trunks) {
        List<String> names = new ArrayList<>();
        for (TrunkConfig t : trunks) {
            names.add(t.name());
        }
        TenantConfig tenant = tenant("t", true, List.of("*"), names.toArray(String[]::new));
        return TenantDirectory.build(new TenantsConfig(List.of(tenant), List.of(trunks), false),
                TargetResolver.system());
    }
}
