package org.webtrunk.gateway.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The token service ({@code token-service} section): trades a tenant's customer token for gateway credentials
 * over HTTP ({@code POST /v1/token}), in the spirit of the TURN REST API draft
 * (draft-uberti-behave-turn-rest-00 §2.2).
 *
 * @param enabled           serve {@code /v1/} on the public HTTP listener; default true
 * @param credentialTtl     lifetime of the gateway credentials handed out; default 15m. Short bounds the use of
 *                          a leaked credential; it must not exceed {@code auth.max-credential-ttl} or the gateway
 *                          would refuse its own credentials
 * @param maxTokenLifetime  a customer token whose expiry lies further ahead is refused; default 600s (twice the
 *                          tenants' default 300 s TTL, for clock skew). Stops tenants minting long-lived tokens
 * @param perIpRate         requests per second per source address (IPv6: per /64); default 8, as Voxbone
 *                          publishes for its WebRTC token service. Bounds HMAC work and token guessing per host
 * @param perAccountRate    exchanges per second per tenant account, counted for valid tokens only (a forger
 *                          cannot use up a real user's quota); default 2: a page needs one exchange per load
 * @param rateTableSize     most source addresses and accounts tracked at once, each; default 100,000
 * @param maxBodyBytes      largest request body; default 4 KiB (a token is under 400 bytes). Larger gets 413
 * @param uris              WebSocket URLs advertised to clients; default from the WS/WSS listeners
 * @param realm             Digest realm clients will be challenged with; default {@code auth.realm}
 * @param tenants           tenants allowed to exchange tokens; ids are credential id tenant parts
 */
public record TokenServiceConfig(
        boolean enabled,
        Duration credentialTtl,
        Duration maxTokenLifetime,
        int perIpRate,
        int perAccountRate,
        int rateTableSize,
        int maxBodyBytes,
        List<String> uris,
        String realm,
        List<Tenant> tenants) {

    private static final Pattern TENANT_ID = TenantConfig.ID;

    public TokenServiceConfig {
        Objects.requireNonNull(credentialTtl, "credentialTtl");
        Objects.requireNonNull(maxTokenLifetime, "maxTokenLifetime");
        Objects.requireNonNull(realm, "realm");
        uris = List.copyOf(uris);
        tenants = List.copyOf(tenants);
    }

    /**
     * One tenant of the token service.
     *
     * @param id             tenant id, {@code [a-z0-9-]{1,32}}; becomes the tenant part of minted credential ids
     * @param secrets        the tenant's shared secrets, newest first (rotation); never in {@link #toString()}
     * @param secretSources  where each secret came from, same order; safe to log
     * @param allowedOrigins web origins ({@code https://host[:port]}, lower case) whose pages may use this
     *                       tenant's tokens; requests without an Origin (server to server) are always allowed
     */
    public record Tenant(String id, List<String> secrets, List<SecretSource> secretSources, List<String> allowedOrigins) {
        public Tenant {
            Objects.requireNonNull(id, "id");
            secrets = List.copyOf(secrets);
            secretSources = List.copyOf(secretSources);
            allowedOrigins = List.copyOf(allowedOrigins);
            if (secrets.size() != secretSources.size()) {
                throw new IllegalArgumentException("one source per secret");
            }
        }

        /** True when a secret is written in the config file: for demos and tests, main warns. */
        public boolean usingInlineSecrets() {
            return secretSources.stream().anyMatch(s -> s.kind() == SecretSource.Kind.INLINE);
        }

        @Override
        public String toString() {
            return "Tenant[id=" + id + ", secrets=<" + secrets.size() + " redacted, from " + secretSources
                    + ">, allowedOrigins=" + allowedOrigins + "]";
        }
    }

    /**
     * Reads the {@code token-service} section.
     *
     * @param env         environment lookup for {@code {env: NAME}} secrets; null means unset
     * @param baseDir     folder of the config file: relative secret files are read from there
     * @param auth        the gateway's auth settings: default realm and the longest credential TTL it accepts
     * @param defaultUris WebSocket URLs to advertise when {@code uris} is not set
     */
    static TokenServiceConfig read(ConfigNode n, Function<String, String> env, Path baseDir, AuthConfig auth,
                                          List<String> defaultUris) {
        boolean enabled = n.bool("enabled", true);
        Duration ttl = n.duration("credential-ttl", Duration.ofMinutes(15), Duration.ofMinutes(1), Duration.ofDays(1));
        if (ttl.compareTo(auth.maxCredentialTtl()) > 0) {
            n.error("credential-ttl", "must not exceed auth.max-credential-ttl (" + auth.maxCredentialTtl()
                    + "), or the gateway refuses the credentials it hands out");
        }
        Duration maxLifetime = n.duration("max-token-lifetime", Duration.ofSeconds(600), Duration.ofSeconds(10),
                Duration.ofDays(1));
        int perIp = n.integer("per-ip-rate", 8, 1, 100_000);
        int perAccount = n.integer("per-account-rate", 2, 1, 100_000);
        int tableSize = n.integer("rate-table-size", 100_000, 1_000, 10_000_000);
        int maxBody = n.size("max-body-size", 4096, 512, 65536);
        List<String> uris = n.strings("uris", defaultUris);
        for (String u : uris) {
            if (!isWebSocketUrl(u)) {
                n.error("uris", "'" + u + "' is not a ws:// or wss:// URL with a host");
            }
        }
        String realm = n.string("realm", auth.realm());
        if (realm.isEmpty() || realm.length() > 128) {
            n.error("realm", "must be 1 to 128 characters");
        }
        List<Tenant> tenants = new ArrayList<>();
        Map<String, String> secretOwner = new HashMap<>();
        for (ConfigNode t : n.sections("tenants")) {
            Tenant tenant = readTenant(t, env, baseDir);
            if (tenant == null) {
                continue;
            }
            if (tenants.stream().anyMatch(o -> o.id().equals(tenant.id()))) {
                t.error("id", "duplicate tenant id '" + tenant.id() + "'");
                continue;
            }
            for (String s : tenant.secrets()) {
                String owner = secretOwner.putIfAbsent(s, tenant.id());
                if (owner != null) {
                    // Shared secrets would let one tenant's tokens be exchanged as the other's.
                    t.error("secrets", "a secret is also used by tenant '" + owner + "'; each tenant needs its own");
                }
            }
            tenants.add(tenant);
        }
        n.rejectUnknownKeys();
        return new TokenServiceConfig(enabled, ttl, maxLifetime, perIp, perAccount, tableSize, maxBody, uris, realm,
                tenants);
    }

    /** True when some tenant's secret is written in the config file (main logs a warning). */
    public boolean usingInlineSecrets() {
        return tenants.stream().anyMatch(Tenant::usingInlineSecrets);
    }

    private static Tenant readTenant(ConfigNode t, Function<String, String> env, Path baseDir) {
        String id = t.string("id", null);
        boolean ok = true;
        if (id == null) {
            t.error("id", "is required");
            ok = false;
        } else if (!TENANT_ID.matcher(id).matches()) {
            t.error("id", "must match [a-z0-9-]{1,32}, got '" + id + "'");
            ok = false;
        }
        List<String> secrets = new ArrayList<>();
        List<SecretSource> sources = new ArrayList<>();
        List<ConfigNode> secretNodes = t.sections("secrets");
        for (ConfigNode s : secretNodes) {
            SecretReader.read(s, env, baseDir, SecretReader.Inline.ACCEPT, secrets, sources);
        }
        if (secretNodes.isEmpty()) {
            t.error("secrets", "at least one secret is needed ({env: NAME}, {file: PATH} or {value: TEXT})");
            ok = false;
        }
        List<String> origins = new ArrayList<>();
        for (String o : t.strings("allowed-origins", List.of())) {
            String normal = normalOrigin(o);
            if (normal == null) {
                t.error("allowed-origins", "'" + o + "' is not an origin like https://example.com or http://localhost:3000");
            } else if (!origins.contains(normal)) {
                origins.add(normal);
            }
        }
        t.rejectUnknownKeys();
        return ok && !secrets.isEmpty() ? new Tenant(id, secrets, sources, origins) : null;
    }

    /** {@code scheme://host[:port]} in lower case, as browsers serialise an Origin (RFC 6454 §6.1); else null. */
    static String normalOrigin(String origin) {
        if (origin == null) {
            return null;
        }
        String o = origin.trim();
        if (o.endsWith("/")) {
            o = o.substring(0, o.length() - 1);
        }
        try {
            URI u = new URI(o);
            String scheme = u.getScheme();
            if (scheme == null || u.getHost() == null || u.getRawPath() != null && !u.getRawPath().isEmpty()
                    || u.getRawQuery() != null || u.getRawFragment() != null || u.getRawUserInfo() != null
                    || !(scheme.equalsIgnoreCase("https") || scheme.equalsIgnoreCase("http"))) {
                return null;
            }
            return o.toLowerCase(Locale.ROOT);
        } catch (URISyntaxException e) {
            return null;
        }
    }

    private static boolean isWebSocketUrl(String url) {
        try {
            URI u = new URI(url);
            return u.getHost() != null && ("wss".equalsIgnoreCase(u.getScheme()) || "ws".equalsIgnoreCase(u.getScheme()));
        } catch (URISyntaxException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return "TokenServiceConfig[enabled=" + enabled + ", credentialTtl=" + credentialTtl + ", maxTokenLifetime="
                + maxTokenLifetime + ", perIpRate=" + perIpRate + ", perAccountRate=" + perAccountRate
                + ", rateTableSize=" + rateTableSize + ", maxBodyBytes=" + maxBodyBytes + ", uris=" + uris
                + ", realm=" + realm + ", tenants=" + tenants + "]";
    }
}
