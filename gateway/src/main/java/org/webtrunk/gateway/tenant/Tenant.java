package org.webtrunk.gateway.tenant;

import java.util.List;
import java.util.Set;
import org.webtrunk.gateway.config.NumberPattern;
import org.webtrunk.gateway.config.TenantConfig;

/** A tenant ready for calls: its dial plan compiled, its trunks resolved. Immutable. */
public final class Tenant {
    private final String id;
    private final boolean isDefault;
    private final Set<String> credentialIds;
    private final List<NumberPattern> numbers;
    private final NumberPlan plan;
    private final List<Trunk> trunks;
    private final int dialRefusal;

    Tenant(TenantConfig config, List<Trunk> trunks) {
        this.id = config.id();
        this.isDefault = config.isDefault();
        this.credentialIds = Set.copyOf(config.credentialIds());
        this.numbers = config.numbers();
        this.plan = NumberPlan.compile(config.numbers());
        this.trunks = List.copyOf(trunks);
        this.dialRefusal = config.dialRefusal();
    }

    public String id() {
        return id;
    }

    /** Takes credential ids that name no tenant. */
    public boolean isDefault() {
        return isDefault;
    }

    /** Tenant parts of credential ids this tenant owns. */
    public Set<String> credentialIds() {
        return credentialIds;
    }

    /** The configured dial plan, for the admin API. */
    public List<NumberPattern> numbers() {
        return numbers;
    }

    /**
     * Whether this tenant's callers may call {@code number} (the Request-URI user part, without parameters).
     * Longest matching entry of {@link #numbers()} decides; see {@link NumberPattern} for the syntax.
     */
    public boolean mayDial(CharSequence number) {
        return plan.allows(number);
    }

    /** Its trunks in failover order, at least one. */
    public List<Trunk> trunks() {
        return trunks;
    }

    /** Status for a refused number: 403 or 404. */
    public int dialRefusal() {
        return dialRefusal;
    }

    @Override
    public String toString() {
        return "Tenant[" + id + (isDefault ? ", default" : "") + "]";
    }
}
