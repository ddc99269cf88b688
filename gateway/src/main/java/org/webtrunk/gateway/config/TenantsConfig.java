package org.webtrunk.gateway.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The top-level {@code tenants} and {@code trunks} lists, checked together: ids and names are unique, every
 * trunk a tenant names exists, a credential id belongs to one tenant, and at most one tenant is the default.
 *
 * <p>A file without tenants and trunks gets the embedded demo: tenant {@code demo} (default, numbers
 * {@code *}) on trunk {@code demo-trunk} = {@code sip:127.0.0.1:5090;transport=udp}, and
 * {@link #usingDemoDefaults()} is true so main can say so.
 *
 * @param tenants           tenants in file order
 * @param trunks            trunks in file order
 * @param usingDemoDefaults true when the file configured neither and the demo applies
 */
public record TenantsConfig(List<TenantConfig> tenants, List<TrunkConfig> trunks, boolean usingDemoDefaults) {

    public TenantsConfig {
        tenants = List.copyOf(tenants);
        trunks = List.copyOf(trunks);
    }

    /** Reads {@code tenants} and {@code trunks} from the root of the file. */
    static TenantsConfig read(ConfigNode root, Path baseDir) {
        List<ConfigNode> tenantNodes = root.sections("tenants");
        List<ConfigNode> trunkNodes = root.sections("trunks");
        if (tenantNodes.isEmpty() && trunkNodes.isEmpty()) {
            return demo();
        }
        if (tenantNodes.isEmpty()) {
            root.error("tenants", "trunks are configured but no tenant uses them; add at least one tenant");
        }
        List<TrunkConfig> trunks = new ArrayList<>();
        Set<String> trunkNames = new HashSet<>();
        for (ConfigNode n : trunkNodes) {
            TrunkConfig t = TrunkConfig.read(n, baseDir);
            if (!t.name().isEmpty() && !trunkNames.add(t.name())) {
                n.error("name", "duplicate trunk name '" + t.name() + "'");
                continue;
            }
            trunks.add(t);
        }
        List<TenantConfig> tenants = new ArrayList<>();
        Set<String> tenantIds = new HashSet<>();
        Map<String, String> credentialOwner = new HashMap<>();
        String defaultTenant = null;
        for (ConfigNode n : tenantNodes) {
            TenantConfig t = TenantConfig.read(n);
            if (!t.id().isEmpty() && !tenantIds.add(t.id())) {
                n.error("id", "duplicate tenant id '" + t.id() + "'");
                continue;
            }
            for (String c : t.credentialIds()) {
                String owner = credentialOwner.putIfAbsent(c, t.id());
                if (owner != null) {
                    n.error("credential-ids", "'" + c + "' already belongs to tenant '" + owner + "'");
                }
            }
            for (String trunk : t.trunks()) {
                if (!trunkNames.contains(trunk)) {
                    n.error("trunks", "no trunk named '" + trunk + "' (known: " + trunkNames + ")");
                }
            }
            if (t.isDefault()) {
                if (defaultTenant != null) {
                    n.error("default", "tenant '" + defaultTenant + "' is already the default; only one can be");
                }
                defaultTenant = t.id();
            }
            tenants.add(t);
        }
        return new TenantsConfig(tenants, trunks, false);
    }

    /** The embedded demo: every number of every credential without a tenant goes to a local test trunk. */
    public static TenantsConfig demo() {
        TrunkConfig trunk = TrunkConfig.of("demo-trunk", "sip:127.0.0.1:5090;transport=udp");
        TenantConfig tenant = new TenantConfig("demo", true, List.of("demo"), List.of(NumberPattern.parse("*")),
                List.of("demo-trunk"), 403);
        return new TenantsConfig(List.of(tenant), List.of(trunk), true);
    }
}
