package org.webtrunk.gateway.tenant;

import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.webtrunk.auth.GatewayIdentity;
import org.webtrunk.gateway.config.ConfigException;
import org.webtrunk.gateway.config.TenantConfig;
import org.webtrunk.gateway.config.TenantsConfig;
import org.webtrunk.gateway.config.TrunkConfig;
import org.webtrunk.gateway.config.TrunkTargetConfig;

/**
 * Every tenant and trunk, built once from validated config and then read-only, so it is shared by all
 * event loops without locks. A config reload builds a new directory.
 */
public final class TenantDirectory {
    private final List<Tenant> tenants;
    private final List<Trunk> trunks;
    private final Map<String, Tenant> byId;
    private final Map<String, Tenant> byCredentialTenant;
    private final Tenant defaultTenant;

    private TenantDirectory(List<Tenant> tenants, List<Trunk> trunks) {
        this.tenants = List.copyOf(tenants);
        this.trunks = List.copyOf(trunks);
        Map<String, Tenant> ids = new HashMap<>();
        Map<String, Tenant> creds = new HashMap<>();
        Tenant def = null;
        for (Tenant t : tenants) {
            ids.put(t.id(), t);
            for (String c : t.credentialIds()) {
                creds.put(c, t);
            }
            if (t.isDefault()) {
                def = t;
            }
        }
        this.byId = Map.copyOf(ids);
        this.byCredentialTenant = Map.copyOf(creds);
        this.defaultTenant = def;
    }

    /**
     * Builds the directory, resolving every target once.
     *
     * @throws ConfigException listing every target whose host does not resolve
     */
    public static TenantDirectory build(TenantsConfig config, TargetResolver resolver) {
        List<String> errors = new ArrayList<>();
        Map<String, Trunk> trunks = new LinkedHashMap<>();
        for (TrunkConfig tc : config.trunks()) {
            List<TrunkTarget> targets = new ArrayList<>();
            Set<String> strip = new HashSet<>();
            tc.stripHeaders().forEach(h -> strip.add(h.toLowerCase(Locale.ROOT)));
            List<String> add = tc.addHeaders().stream().map(h -> h.name() + ": " + h.value()).toList();
            for (TrunkTargetConfig target : tc.targets()) {
                try {
                    InetSocketAddress address = resolver.resolve(target.host(), target.port(), target.transport());
                    targets.add(new TrunkTarget(tc.name(), target, address, strip, add));
                } catch (UnknownHostException e) {
                    errors.add("trunks." + tc.name() + ": target " + target.uri() + ": host does not resolve");
                }
            }
            trunks.put(tc.name(), new Trunk(tc, targets));
        }
        List<Tenant> tenants = new ArrayList<>();
        for (TenantConfig tc : config.tenants()) {
            List<Trunk> own = new ArrayList<>();
            for (String name : tc.trunks()) {
                Trunk t = trunks.get(name);
                if (t == null) {
                    errors.add("tenants." + tc.id() + ": no trunk named '" + name + "'");
                } else {
                    own.add(t);
                }
            }
            tenants.add(new Tenant(tc, own));
        }
        if (!errors.isEmpty()) {
            throw new ConfigException(errors);
        }
        return new TenantDirectory(tenants, new ArrayList<>(trunks.values()));
    }

    /**
     * The tenant a verified gateway credential id belongs to: {@code <tenant>.<caller>} picks the tenant owning
     * that tenant part; an id without {@code '.'} gets the default tenant. Empty when the id is malformed, names
     * an unknown tenant, or names none and there is no default: the caller is then refused.
     */
    public Optional<Tenant> forCredentialId(String credentialId) {
        Optional<GatewayIdentity> identity = GatewayIdentity.parse(credentialId);
        if (identity.isEmpty()) {
            return Optional.empty();
        }
        String tenant = identity.get().tenant();
        return tenant == null ? Optional.ofNullable(defaultTenant) : Optional.ofNullable(byCredentialTenant.get(tenant));
    }

    public Optional<Tenant> byId(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    public Optional<Tenant> defaultTenant() {
        return Optional.ofNullable(defaultTenant);
    }

    public List<Tenant> tenants() {
        return tenants;
    }

    public List<Trunk> trunks() {
        return trunks;
    }
}
