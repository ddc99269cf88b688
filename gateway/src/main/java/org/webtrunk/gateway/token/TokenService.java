package org.webtrunk.gateway.token;

import com.github.benmanes.caffeine.cache.Ticker;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.webtrunk.auth.CustomerTokenVerifier;
import org.webtrunk.auth.EphemeralConfig;
import org.webtrunk.auth.EphemeralCredentialMinter;
import org.webtrunk.auth.GatewayIdentity;
import org.webtrunk.auth.TokenExchange;
import org.webtrunk.gateway.config.TokenServiceConfig;

/**
 * Decides an exchange, without any HTTP: which tenant, whether the page's origin may use it, whether the customer
 * token verifies against that tenant's secrets only (so one tenant's token never buys another tenant's
 * credentials), the per-account limit, then mints {@code <tenant>.<random>} credentials. Thread-safe.
 */
final class TokenService {
    private record TenantEntry(CustomerTokenVerifier verifier, Set<String> origins) {
    }

    private final Map<String, TenantEntry> tenants = new HashMap<>();
    private final Set<String> anyTenantOrigins = new HashSet<>();
    /** The tenant a request naming none goes to, when only one is configured; else null. */
    private final String onlyTenant;
    private final TokenExchange exchange;
    private final FixedWindowRateLimiter<String> perAccount;

    TokenService(TokenServiceConfig config, EphemeralConfig gateway, Clock clock, Ticker ticker, SecureRandom random) {
        Objects.requireNonNull(config, "config");
        for (TokenServiceConfig.Tenant t : config.tenants()) {
            if (!GatewayIdentity.isValidTenant(t.id())) {
                throw new IllegalArgumentException("tenant id must match [a-z0-9-]{1,32}: " + t.id());
            }
            Set<String> origins = Set.copyOf(lowerCase(t.allowedOrigins()));
            tenants.put(t.id(), new TenantEntry(new CustomerTokenVerifier(t.secrets(), config.maxTokenLifetime(), clock),
                    origins));
            anyTenantOrigins.addAll(origins);
        }
        this.onlyTenant = config.tenants().size() == 1 ? config.tenants().get(0).id() : null;
        this.exchange = new TokenExchange(new EphemeralCredentialMinter(gateway, clock),
                config.credentialTtl().getSeconds(), random);
        this.perAccount = new FixedWindowRateLimiter<>(config.perAccountRate(), Duration.ofSeconds(1),
                config.rateTableSize(), ticker);
    }

    /**
     * Decides one exchange.
     *
     * @param origin the request's Origin header, or null when it sent none (server to server)
     */
    TokenReply exchange(TokenRequest request, String origin) {
        String tenant = request.tenant() != null ? request.tenant() : onlyTenant;
        if (tenant == null) {
            return TokenReply.refused(TokenOutcome.MALFORMED, null, "tenant is required");
        }
        TenantEntry entry = tenants.get(tenant);
        if (entry == null) {
            return TokenReply.refused(TokenOutcome.UNKNOWN_TENANT, null);
        }
        if (origin != null && !entry.origins().contains(origin.toLowerCase(Locale.ROOT))) {
            return TokenReply.refused(TokenOutcome.ORIGIN_NOT_ALLOWED, tenant);
        }
        TokenExchange.Result result = exchange.exchange(tenant, entry.verifier(), request.token(), null);
        switch (result.status()) {
            case VALID:
                break;
            case EXPIRED:
                return TokenReply.refused(TokenOutcome.EXPIRED, tenant);
            case TOO_LONG_LIVED:
                return TokenReply.refused(TokenOutcome.TOO_LONG_LIVED, tenant);
            case BAD_SIGNATURE:
                return TokenReply.refused(TokenOutcome.BAD_KEY, tenant);
            default:
                return TokenReply.refused(TokenOutcome.MALFORMED, tenant,
                        "account must be 1 to 256 printable characters and key base64 of 20 bytes");
        }
        // Counted only for valid tokens, so forged requests cannot use up a real user's quota.
        long wait = perAccount.acquire(tenant + '\n' + request.token().account());
        if (wait > 0) {
            return TokenReply.rateLimited(TokenOutcome.RATE_LIMITED_ACCOUNT, tenant, wait);
        }
        return new TokenReply(TokenOutcome.OK, tenant, result.credentials(), null, 0);
    }

    /** True when some tenant lists this origin; a preflight that names no tenant is answered by this. */
    boolean originAllowedByAnyTenant(String origin) {
        return origin != null && anyTenantOrigins.contains(origin.toLowerCase(Locale.ROOT));
    }

    /** True when {@code tenant} is a configured tenant. */
    boolean knows(String tenant) {
        return tenant != null && tenants.containsKey(tenant);
    }

    /** True when the tenant exists and lists this origin. */
    boolean originAllowed(String tenant, String origin) {
        TenantEntry entry = tenant == null ? null : tenants.get(tenant);
        return entry != null && origin != null && entry.origins().contains(origin.toLowerCase(Locale.ROOT));
    }

    private static List<String> lowerCase(List<String> values) {
        return values.stream().map(v -> v.toLowerCase(Locale.ROOT)).toList();
    }
}
