package org.webtrunk.auth;

import java.security.SecureRandom;
import java.util.Objects;

/**
 * Trades a verified customer token for gateway credentials whose id names the tenant
 * ({@code <tenant>.<caller>}, see {@link GatewayIdentity}), so the gateway learns the tenant from the digest
 * username alone. Thread-safe.
 */
public final class TokenExchange {
    private final EphemeralCredentialMinter minter;
    private final long credentialTtlSeconds;
    private final SecureRandom random;

    /**
     * @param minter               mints with the gateway's newest secret
     * @param credentialTtlSeconds lifetime of the gateway credentials handed out
     * @param random               source of random caller parts
     */
    public TokenExchange(EphemeralCredentialMinter minter, long credentialTtlSeconds, SecureRandom random) {
        this.minter = Objects.requireNonNull(minter, "minter");
        this.random = Objects.requireNonNull(random, "random");
        if (credentialTtlSeconds < 1 || credentialTtlSeconds > EphemeralCredentialMinter.MAX_TTL_SECONDS) {
            throw new IllegalArgumentException("credential ttl out of range: " + credentialTtlSeconds);
        }
        this.credentialTtlSeconds = credentialTtlSeconds;
    }

    /**
     * The outcome of an exchange.
     *
     * @param status      {@link TokenStatus#VALID} when credentials were minted
     * @param credentials the gateway credentials, or {@code null} when refused
     */
    public record Result(TokenStatus status, EphemeralCredentials credentials) {
    }

    /**
     * Verifies {@code token} with the tenant's verifier and, if valid, mints credentials for
     * {@code <tenant>.<caller>}.
     *
     * @param tenant   the tenant whose secrets {@code verifier} holds; must match {@code [a-z0-9-]{1,32}}
     * @param caller   caller part to use, or {@code null} for a random url-safe one; must match
     *                 {@link GatewayIdentity#isValidCaller(String)} or the exchange is refused as MALFORMED
     * @throws IllegalArgumentException if the tenant name is invalid (a configuration error, not client input)
     */
    public Result exchange(String tenant, CustomerTokenVerifier verifier, CustomerToken token, String caller) {
        if (!GatewayIdentity.isValidTenant(tenant)) {
            throw new IllegalArgumentException("tenant must match [a-z0-9-]{1,32}: " + tenant);
        }
        if (caller != null && !GatewayIdentity.isValidCaller(caller)) {
            return new Result(TokenStatus.MALFORMED, null);
        }
        TokenStatus status = verifier.verify(token);
        if (status != TokenStatus.VALID) {
            return new Result(status, null);
        }
        GatewayIdentity identity = caller == null
                ? GatewayIdentity.random(tenant, random)
                : new GatewayIdentity(tenant, caller);
        return new Result(TokenStatus.VALID, minter.mint(identity, credentialTtlSeconds));
    }
}
