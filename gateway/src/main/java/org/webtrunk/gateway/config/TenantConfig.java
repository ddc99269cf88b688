package org.webtrunk.gateway.config;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A tenant: whose callers these are, what they may dial and which trunks carry their calls.
 *
 * <p>Callers are recognised from the id inside their ephemeral credential, {@code <tenant>.<caller>}: a tenant
 * owns the ids whose tenant part is one of its {@code credentialIds}. An id without a {@code '.'} belongs to
 * the tenant flagged {@code default}, so a single-tenant install needs no tenant inside its credentials.
 *
 * @param id             unique id, {@code [a-z0-9-]{1,32}} like the tenant part of a credential id
 * @param isDefault      takes every credential id that names no tenant; at most one tenant is the default
 * @param credentialIds  tenant parts of credential ids this tenant owns; default just {@code id}
 * @param numbers        what its callers may dial, see {@link NumberPattern}; empty allows nothing
 * @param trunks         names of its trunks, in failover order; at least one
 * @param dialRefusal    status answered for a number the tenant may not dial: 403 (default) or 404, which does
 *                       not reveal that the number exists elsewhere
 */
public record TenantConfig(
        String id,
        boolean isDefault,
        List<String> credentialIds,
        List<NumberPattern> numbers,
        List<String> trunks,
        int dialRefusal) {

    /** The tenant part of a credential id (decided in sip-auth: keeps ids, logs and metric labels short). */
    static final Pattern ID = Pattern.compile("[a-z0-9-]{1,32}");

    public TenantConfig {
        Objects.requireNonNull(id, "id");
        credentialIds = List.copyOf(credentialIds);
        numbers = List.copyOf(numbers);
        trunks = List.copyOf(trunks);
        if (dialRefusal != 403 && dialRefusal != 404) {
            throw new IllegalArgumentException("dialRefusal must be 403 or 404");
        }
    }

    static TenantConfig read(ConfigNode n) {
        String id = n.string("id", null);
        if (id == null) {
            n.error("id", "is required");
        } else if (!ID.matcher(id).matches()) {
            n.error("id", "must match [a-z0-9-]{1,32}, got '" + id + "'");
        }
        boolean isDefault = n.bool("default", false);
        List<String> credentialIds = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String c : n.strings("credential-ids", id == null ? List.of() : List.of(id))) {
            if (!ID.matcher(c).matches()) {
                n.error("credential-ids", "'" + c + "' must match [a-z0-9-]{1,32}");
            } else if (seen.add(c)) {
                credentialIds.add(c);
            }
        }
        List<NumberPattern> numbers = new ArrayList<>();
        for (String s : n.strings("numbers", List.of())) {
            try {
                numbers.add(NumberPattern.parse(s));
            } catch (IllegalArgumentException e) {
                n.error("numbers", e.getMessage());
            }
        }
        List<String> trunks = n.strings("trunks", List.of());
        if (trunks.isEmpty()) {
            n.error("trunks", "at least one trunk name is needed");
        }
        int refusal = n.integer("dial-refusal", 403, 403, 404);
        n.rejectUnknownKeys();
        return new TenantConfig(id == null ? "" : id, isDefault, credentialIds, numbers, trunks, refusal);
    }
}
