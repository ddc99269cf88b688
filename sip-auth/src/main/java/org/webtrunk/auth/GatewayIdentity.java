package org.webtrunk.auth;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

/**
 * Who an ephemeral credential belongs to, read from its id without any lookup.
 *
 * <p>Id format: {@code <tenant>.<caller>}, split at the first {@code '.'}.
 * <ul>
 *   <li>tenant: {@code [a-z0-9-]{1,32}}, the tenant whose trunk and numbers the caller may use;</li>
 *   <li>caller: {@code [A-Za-z0-9._~+@-]{1,64}}, a random url-safe string or a caller id the token service was
 *       given (it may contain further dots; it never contains {@code ':'}, so either username format works).</li>
 * </ul>
 * An id without a {@code '.'} names no tenant ({@link #tenant()} is {@code null}); the gateway then uses its
 * {@code default} tenant. Anything else (an empty id, a bad tenant such as the {@code foo@bar} of
 * {@code foo@bar.com}, a character outside those sets) is an unknown id format.
 *
 * @param tenant the tenant, or {@code null} when the id names none
 * @param caller the caller part, never empty
 */
public record GatewayIdentity(String tenant, String caller) {
    /** Longest tenant name: keeps ids, logs and metric labels short. */
    public static final int MAX_TENANT_LENGTH = 32;
    /** Longest caller part: keeps the digest username well below any header limit. */
    public static final int MAX_CALLER_LENGTH = 64;
    private static final int RANDOM_CALLER_BYTES = 12;

    public GatewayIdentity {
        Objects.requireNonNull(caller, "caller");
        if (tenant != null && !isValidTenant(tenant)) {
            throw new IllegalArgumentException("tenant must match [a-z0-9-]{1,32}: " + tenant);
        }
        if (!isValidCaller(caller)) {
            throw new IllegalArgumentException("caller must match [A-Za-z0-9._~+@-]{1,64}: " + caller);
        }
    }

    /** A caller of the tenant with a random url-safe caller part (96 bits). */
    public static GatewayIdentity random(String tenant, SecureRandom random) {
        byte[] b = new byte[RANDOM_CALLER_BYTES];
        random.nextBytes(b);
        return new GatewayIdentity(tenant, Base64.getUrlEncoder().withoutPadding().encodeToString(b));
    }

    /** Reads an id; empty when it is not in the format above. Never throws (null gives empty). */
    public static Optional<GatewayIdentity> parse(String id) {
        if (id == null) {
            return Optional.empty();
        }
        int dot = id.indexOf('.');
        if (dot < 0) {
            return isValidCaller(id) ? Optional.of(new GatewayIdentity(null, id)) : Optional.empty();
        }
        String tenant = id.substring(0, dot);
        String caller = id.substring(dot + 1);
        if (!isValidTenant(tenant) || !isValidCaller(caller)) {
            return Optional.empty();
        }
        return Optional.of(new GatewayIdentity(tenant, caller));
    }

    /** The id text: {@code tenant.caller}, or just the caller when there is no tenant. */
    public String id() {
        return tenant == null ? caller : tenant + "." + caller;
    }

    public static boolean isValidTenant(String s) {
        if (s == null || s.isEmpty() || s.length() > MAX_TENANT_LENGTH) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
                return false;
            }
        }
        return true;
    }

    public static boolean isValidCaller(String s) {
        if (s == null || s.isEmpty() || s.length() > MAX_CALLER_LENGTH) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '_' || c == '~' || c == '+' || c == '@' || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
