package org.webtrunk.auth;

import java.time.Clock;
import java.util.Objects;

/**
 * Mints ephemeral credentials with the newest secret, as the TURN REST draft's web service or a Kamailio
 * auth_ephemeral deployment expects: username {@code <expiry>:<id>} (or {@code <id>:<expiry>}), password =
 * base64(HMAC(secret, username)). Thread-safe.
 */
public final class EphemeralCredentialMinter {
    /** Longest lifetime accepted: a year; longer is almost certainly a unit mistake. */
    public static final long MAX_TTL_SECONDS = 366L * 24 * 3600;

    private final EphemeralConfig config;
    private final HmacSigner newest;
    private final Clock clock;

    public EphemeralCredentialMinter(EphemeralConfig config, Clock clock) {
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.newest = new HmacSigner(config.hmac(), config.secrets().get(0));
    }

    /**
     * Credentials for {@code id} valid for {@code ttlSeconds} from now.
     *
     * @throws IllegalArgumentException if the id is empty, has control characters or (id-first) a {@code ':'},
     *                                  or the ttl is not within 1 s to one year
     */
    public EphemeralCredentials mint(String id, long ttlSeconds) {
        if (ttlSeconds < 1 || ttlSeconds > MAX_TTL_SECONDS) {
            throw new IllegalArgumentException("ttl must be 1.." + MAX_TTL_SECONDS + " seconds: " + ttlSeconds);
        }
        long expires = clock.instant().getEpochSecond() + ttlSeconds;
        return mintUntil(id, expires, ttlSeconds);
    }

    /** Credentials for a gateway identity, see {@link #mint(String, long)}. */
    public EphemeralCredentials mint(GatewayIdentity identity, long ttlSeconds) {
        return mint(identity.id(), ttlSeconds);
    }

    EphemeralCredentials mintUntil(String id, long expires, long ttl) {
        Objects.requireNonNull(id, "id");
        if (id.isEmpty()) {
            throw new IllegalArgumentException("id must not be empty");
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (c < 0x20 || c >= 0x7f) {
                throw new IllegalArgumentException("id must be printable ASCII");
            }
        }
        if (config.format() == UsernameFormat.ID_FIRST && id.indexOf(':') >= 0) {
            throw new IllegalArgumentException("id-first usernames cannot carry ':' in the id (Kamailio splits at the first ':')");
        }
        String username = EphemeralUsername.format(config.format(), expires, id);
        if (username.length() > EphemeralUsername.MAX_LENGTH) {
            throw new IllegalArgumentException("id too long");
        }
        return new EphemeralCredentials(username, newest.signBase64(username), id, expires, ttl);
    }
}
