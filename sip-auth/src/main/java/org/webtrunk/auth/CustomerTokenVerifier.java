package org.webtrunk.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * Verifies one tenant's customer tokens against its secrets (several, newest first, for rotation). Refuses
 * expired tokens, forged ones (constant-time compare), and tokens whose expiry lies further ahead than
 * {@code maxLifetime}: a tenant cannot hand out long-lived tokens by mistake or on purpose. Thread-safe.
 */
public final class CustomerTokenVerifier {
    /** Default maximum lifetime: twice the default TTL, to allow for clock skew between tenant and us. */
    public static final Duration DEFAULT_MAX_LIFETIME = Duration.ofSeconds(2 * CustomerTokens.DEFAULT_TTL_SECONDS);
    private static final int SHA1_LENGTH = 20;

    private final HmacSigner[] signers;
    private final long maxLifetimeSeconds;
    private final Clock clock;

    public CustomerTokenVerifier(List<String> tenantSecrets, Duration maxLifetime, Clock clock) {
        Objects.requireNonNull(tenantSecrets, "tenantSecrets");
        Objects.requireNonNull(maxLifetime, "maxLifetime");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (tenantSecrets.isEmpty()) {
            throw new IllegalArgumentException("at least one tenant secret is needed");
        }
        if (maxLifetime.isNegative() || maxLifetime.isZero()) {
            throw new IllegalArgumentException("maxLifetime must be positive");
        }
        this.maxLifetimeSeconds = maxLifetime.getSeconds();
        this.signers = new HmacSigner[tenantSecrets.size()];
        for (int i = 0; i < signers.length; i++) {
            String s = tenantSecrets.get(i);
            if (s == null || s.isEmpty()) {
                throw new IllegalArgumentException("a tenant secret must not be empty");
            }
            signers[i] = new HmacSigner(HmacAlgorithm.SHA1, s);
        }
    }

    /** Checks a token; never throws. */
    public TokenStatus verify(CustomerToken token) {
        return token == null ? TokenStatus.MALFORMED : verify(token.account(), token.expires(), token.key());
    }

    /** Checks a token given as its three fields; never throws. */
    public TokenStatus verify(String account, long expires, String key) {
        if (!CustomerTokens.isValidAccount(account) || expires < 0 || key == null) {
            return TokenStatus.MALFORMED;
        }
        byte[] given;
        try {
            given = Base64.getDecoder().decode(key);
        } catch (IllegalArgumentException e) {
            return TokenStatus.MALFORMED;
        }
        if (given.length != SHA1_LENGTH) {
            return TokenStatus.MALFORMED;
        }
        long now = clock.instant().getEpochSecond();
        if (now > expires) {
            return TokenStatus.EXPIRED;
        }
        if (expires - now > maxLifetimeSeconds) {
            return TokenStatus.TOO_LONG_LIVED;
        }
        byte[] text = CustomerTokens.signedText(expires, account).getBytes(StandardCharsets.US_ASCII);
        for (HmacSigner signer : signers) {
            if (MessageDigest.isEqual(signer.sign(text), given)) {
                return TokenStatus.VALID;
            }
        }
        return TokenStatus.BAD_SIGNATURE;
    }
}
