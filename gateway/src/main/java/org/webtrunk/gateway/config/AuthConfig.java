package org.webtrunk.gateway.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.webtrunk.auth.HmacAlgorithm;
import org.webtrunk.auth.UsernameFormat;

/**
 * How callers authenticate: ephemeral gateway credentials (Kamailio auth_ephemeral / TURN REST style) checked
 * with HTTP Digest (RFC 3261 §22.4, RFC 2617).
 *
 * <p>Secrets come from files or environment variables, never only from the config file: a config file gets
 * copied into tickets and repositories. {@value #SECRET_ENV}, when set, is always the newest secret; the
 * {@code secrets} list adds older ones for rotation. With no secret at all the gateway uses {@link #DEV_SECRET},
 * which everyone knows, and {@link #usingDevSecret()} tells main to warn loudly.
 *
 * @param realm             Digest realm in challenges; default {@code webtrunk}
 * @param secrets           resolved secrets, newest first (minting uses the first, verification any); redacted
 *                          from {@link #toString()}
 * @param secretSources     where each secret came from, same order as {@code secrets}; safe to log
 * @param hmac              HMAC of the ephemeral password; default sha1 (TURN REST draft, Kamailio)
 * @param usernameFormat    {@code <expiry>:<id>} (default) or {@code <id>:<expiry>}
 * @param nonceLifetime     how long a Digest nonce is accepted; default 5m. Short bounds replay of a captured
 *                          response, long saves re-challenges
 * @param requireFromMatch  the From user must equal the credential's username, like Kamailio's
 *                          {@code autheph_check_from}; default false because JsSIP's From user is its own
 * @param maxCredentialTtl  credentials that expire further ahead than this are refused; default 24h. Bounds the
 *                          damage of a leaked credential minted with a far expiry
 */
public record AuthConfig(
        String realm,
        List<String> secrets,
        List<SecretSource> secretSources,
        HmacAlgorithm hmac,
        UsernameFormat usernameFormat,
        Duration nonceLifetime,
        boolean requireFromMatch,
        Duration maxCredentialTtl) {

    /** Environment variable that, when set, supplies the newest gateway secret. */
    public static final String SECRET_ENV = "WEBTRUNK_GATEWAY_SECRET";
    /** The public development secret used when none is configured. Never use it beyond a laptop. */
    public static final String DEV_SECRET = "webtrunk-dev-secret-not-for-production";
    /** Shortest secret accepted: a short HMAC key is guessed offline from a single leaked credential. */
    public static final int MIN_SECRET_LENGTH = 16;
    /** A secret file larger than this is surely the wrong file. */
    static final int MAX_SECRET_FILE_BYTES = 4096;

    public AuthConfig {
        Objects.requireNonNull(realm, "realm");
        secrets = List.copyOf(secrets);
        secretSources = List.copyOf(secretSources);
        if (secrets.isEmpty() || secrets.size() != secretSources.size()) {
            throw new IllegalArgumentException("one source per secret, at least one secret");
        }
        Objects.requireNonNull(hmac, "hmac");
        Objects.requireNonNull(usernameFormat, "usernameFormat");
        Objects.requireNonNull(nonceLifetime, "nonceLifetime");
        Objects.requireNonNull(maxCredentialTtl, "maxCredentialTtl");
    }

    /**
     * Reads the {@code auth} section.
     *
     * @param env     environment lookup ({@code System::getenv} in main, a map in tests); null means unset
     * @param baseDir folder of the config file: relative secret files are read from there
     */
    static AuthConfig read(ConfigNode n, Function<String, String> env, Path baseDir) {
        String realm = n.string("realm", "webtrunk");
        if (realm.isEmpty() || realm.length() > 128 || !realm.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != '"' && c != '\\')) {
            n.error("realm", "must be 1 to 128 visible characters without quotes or backslashes");
        }
        List<String> secrets = new ArrayList<>();
        List<SecretSource> sources = new ArrayList<>();
        String fromEnv = env.apply(SECRET_ENV);
        if (fromEnv != null && !fromEnv.isEmpty()) {
            SecretReader.add(n, "", SecretSource.env(SECRET_ENV), fromEnv, secrets, sources);
        }
        for (ConfigNode s : n.sections("secrets")) {
            SecretReader.read(s, env, baseDir, SecretReader.Inline.REQUIRE_DEV_ONLY, secrets, sources);
        }
        if (secrets.isEmpty()) {
            secrets.add(DEV_SECRET);
            sources.add(new SecretSource(SecretSource.Kind.BUILT_IN_DEV, "built-in"));
        }
        HmacAlgorithm hmac = n.parsed("hmac", HmacAlgorithm.SHA1, HmacAlgorithm::parse);
        UsernameFormat format = n.parsed("username-format", UsernameFormat.TIMESTAMP_FIRST, UsernameFormat::parse);
        Duration nonce = n.duration("nonce-lifetime", Duration.ofMinutes(5), Duration.ofSeconds(10), Duration.ofHours(1));
        boolean fromMatch = n.bool("require-from-match", false);
        Duration maxTtl = n.duration("max-credential-ttl", Duration.ofHours(24), Duration.ofMinutes(1), Duration.ofDays(30));
        n.rejectUnknownKeys();
        return new AuthConfig(realm, secrets, sources, hmac, format, nonce, fromMatch, maxTtl);
    }

    /** True when a secret everybody can know is accepted: the built-in one or an inline dev-only value. */
    public boolean usingDevSecret() {
        return secretSources.stream().anyMatch(SecretSource::devOnly);
    }

    @Override
    public String toString() {
        return "AuthConfig[realm=" + realm + ", secrets=<" + secrets.size() + " redacted, from " + secretSources
                + ">, hmac=" + hmac + ", usernameFormat=" + usernameFormat + ", nonceLifetime=" + nonceLifetime
                + ", requireFromMatch=" + requireFromMatch + ", maxCredentialTtl=" + maxCredentialTtl + "]";
    }
}
