package org.webtrunk.auth;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * Settings of a {@link DigestAuthenticator}. Immutable; validated on construction; {@link #toString()} never
 * shows a secret.
 *
 * @param realm            the digest realm sent in challenges and required in answers; printable ASCII without
 *                         quotes or backslashes, 1..128 characters
 * @param secrets          gateway secrets for ephemeral credentials, newest first (any is accepted)
 * @param hmac             HMAC of the ephemeral password; default SHA-1 as Kamailio and the TURN REST draft
 * @param usernameFormat   ephemeral username layout; default {@code <expiry>:<id>}
 * @param nonceLifetime    how long a nonce is accepted before the client is re-challenged with stale=true;
 *                         default 300 s like Kamailio's {@code nonce_expire}; 1 s..1 h (longer widens replay
 *                         windows and the replay table)
 * @param nonceSecret      key of the nonce HMAC, at least 16 characters, see {@link #randomNonceSecret()}; an
 *                         answer to a nonce of another instance or an earlier run is re-challenged with
 *                         stale=true, since its nonce-counts are not known here
 * @param algorithm        digest algorithm offered; default MD5 (JsSIP refuses any other)
 * @param maxTrackedNonces how many of the latest challenges keep their nonce-counts (replay protection); an
 *                         answer to an older one is re-challenged with stale=true; default 100,000 (2.6 MB);
 *                         1..10,000,000 (20 bytes each, rounded up to a power of two)
 */
public record DigestAuthConfig(String realm, List<String> secrets, HmacAlgorithm hmac, UsernameFormat usernameFormat,
                               Duration nonceLifetime, String nonceSecret, DigestAlgorithm algorithm,
                               int maxTrackedNonces) {
    public static final Duration DEFAULT_NONCE_LIFETIME = Duration.ofSeconds(300);
    public static final int DEFAULT_MAX_TRACKED_NONCES = 100_000;

    public DigestAuthConfig {
        Objects.requireNonNull(realm, "realm");
        Objects.requireNonNull(secrets, "secrets");
        Objects.requireNonNull(hmac, "hmac");
        Objects.requireNonNull(usernameFormat, "usernameFormat");
        Objects.requireNonNull(nonceLifetime, "nonceLifetime");
        Objects.requireNonNull(nonceSecret, "nonceSecret");
        Objects.requireNonNull(algorithm, "algorithm");
        secrets = List.copyOf(secrets);
        if (realm.isEmpty() || realm.length() > 128) {
            throw new IllegalArgumentException("realm must be 1..128 characters");
        }
        for (int i = 0; i < realm.length(); i++) {
            char c = realm.charAt(i);
            if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\') {
                throw new IllegalArgumentException("realm must be printable ASCII without quotes or backslashes");
            }
        }
        if (nonceLifetime.compareTo(Duration.ofSeconds(1)) < 0 || nonceLifetime.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException("nonceLifetime must be 1 s..1 h: " + nonceLifetime);
        }
        if (nonceSecret.length() < 16) {
            throw new IllegalArgumentException("nonceSecret must have at least 16 characters");
        }
        if (maxTrackedNonces < 1 || maxTrackedNonces > 10_000_000) {
            throw new IllegalArgumentException("maxTrackedNonces must be 1..10000000: " + maxTrackedNonces);
        }
        new EphemeralConfig(secrets, hmac, usernameFormat); // same checks for the secrets
    }

    /** Defaults for everything but the realm and the secrets. */
    public static DigestAuthConfig defaults(String realm, List<String> secrets, String nonceSecret) {
        return new DigestAuthConfig(realm, secrets, HmacAlgorithm.SHA1, UsernameFormat.TIMESTAMP_FIRST,
                DEFAULT_NONCE_LIFETIME, nonceSecret, DigestAlgorithm.MD5, DEFAULT_MAX_TRACKED_NONCES);
    }

    /** 32 random bytes in base64, for a single gateway instance whose nonces need not survive a restart. */
    public static String randomNonceSecret(SecureRandom random) {
        byte[] b = new byte[32];
        random.nextBytes(b);
        return Base64.getEncoder().encodeToString(b);
    }

    public DigestAuthConfig withHmac(HmacAlgorithm value) {
        return new DigestAuthConfig(realm, secrets, value, usernameFormat, nonceLifetime, nonceSecret, algorithm, maxTrackedNonces);
    }

    public DigestAuthConfig withUsernameFormat(UsernameFormat value) {
        return new DigestAuthConfig(realm, secrets, hmac, value, nonceLifetime, nonceSecret, algorithm, maxTrackedNonces);
    }

    public DigestAuthConfig withNonceLifetime(Duration value) {
        return new DigestAuthConfig(realm, secrets, hmac, usernameFormat, value, nonceSecret, algorithm, maxTrackedNonces);
    }

    public DigestAuthConfig withAlgorithm(DigestAlgorithm value) {
        return new DigestAuthConfig(realm, secrets, hmac, usernameFormat, nonceLifetime, nonceSecret, value, maxTrackedNonces);
    }

    public DigestAuthConfig withMaxTrackedNonces(int value) {
        return new DigestAuthConfig(realm, secrets, hmac, usernameFormat, nonceLifetime, nonceSecret, algorithm, value);
    }

    /** The ephemeral-credential part of these settings. */
    public EphemeralConfig ephemeral() {
        return new EphemeralConfig(secrets, hmac, usernameFormat);
    }

    @Override
    public String toString() {
        return "DigestAuthConfig[realm=" + realm + ", secrets=<" + secrets.size() + " redacted>, hmac=" + hmac
                + ", usernameFormat=" + usernameFormat + ", nonceLifetime=" + nonceLifetime
                + ", nonceSecret=<redacted>, algorithm=" + algorithm + ", maxTrackedNonces=" + maxTrackedNonces + "]";
    }
}
