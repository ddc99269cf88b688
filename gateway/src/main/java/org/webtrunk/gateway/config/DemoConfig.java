package org.webtrunk.gateway.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The click-to-call demo ({@code demo} section): a page at {@code /demo/} on the WebSocket listeners and
 * {@code /demo/customer-token}, an endpoint that stands in for a tenant's web backend and mints customer tokens
 * for anonymous visitors. <b>Demo only</b>: anyone who can load the page can mint tokens for the demo tenant, so
 * it is off unless enabled, and the demo tenant should only reach a test trunk.
 *
 * @param enabled       serve the page and the token endpoint; default false
 * @param tenant        the token-service tenant whose secret the endpoint mints with; default {@code demo}. It must
 *                      be listed under {@code token-service.tenants}
 * @param accountPrefix visitors get accounts {@code <prefix>-<random>}; default {@code visitor},
 *                      {@code [A-Za-z0-9_-]{1,32}}
 * @param tokenTtl      lifetime of the customer tokens minted; default 60s, 10s to 600s. Short: the page trades it at
 *                      once, and it must stay under {@code token-service.max-token-lifetime}
 * @param jssipBundle   the browser build of JsSIP the page loads as {@code /demo/jssip.min.js}
 *                      ({@code scripts/build-demo.sh} writes {@code gateway/target/demo/jssip.min.js}); relative to
 *                      the config file's folder; null when not set: the page then says the bundle is missing
 */
public record DemoConfig(boolean enabled, String tenant, String accountPrefix, Duration tokenTtl, Path jssipBundle) {

    static final Pattern ACCOUNT_PREFIX = Pattern.compile("[A-Za-z0-9_-]{1,32}");

    public DemoConfig {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(accountPrefix, "accountPrefix");
        Objects.requireNonNull(tokenTtl, "tokenTtl");
    }

    /** The demo turned off (the default). */
    public static DemoConfig disabled() {
        return new DemoConfig(false, "demo", "visitor", Duration.ofSeconds(60), null);
    }

    /**
     * Reads the {@code demo} section. When enabled, the token service must be on and know the tenant.
     *
     * @param baseDir folder of the config file: a relative {@code jssip-bundle} is resolved from there
     */
    static DemoConfig read(ConfigNode n, Path baseDir, TokenServiceConfig tokenService) {
        boolean enabled = n.bool("enabled", false);
        String tenant = n.string("tenant", "demo");
        String prefix = n.string("account-prefix", "visitor");
        if (!ACCOUNT_PREFIX.matcher(prefix).matches()) {
            n.error("account-prefix", "must match [A-Za-z0-9_-]{1,32}, got '" + prefix + "'");
        }
        Duration ttl = n.duration("token-ttl", Duration.ofSeconds(60), Duration.ofSeconds(10), Duration.ofSeconds(600));
        String bundle = n.string("jssip-bundle", null);
        n.rejectUnknownKeys();
        if (enabled) {
            if (!tokenService.enabled()) {
                n.error("enabled", "the demo needs token-service.enabled: true (the page trades its token there)");
            }
            if (tokenService.tenants().stream().noneMatch(t -> t.id().equals(tenant))) {
                n.error("tenant", "'" + tenant + "' is not a token-service tenant; the demo mints with its secret");
            }
            if (ttl.compareTo(tokenService.maxTokenLifetime()) > 0) {
                n.error("token-ttl", "must not exceed token-service.max-token-lifetime ("
                        + tokenService.maxTokenLifetime() + "), or the token service refuses the demo's tokens");
            }
        }
        Path bundlePath = bundle == null || bundle.isBlank() ? null : baseDir.resolve(bundle).toAbsolutePath().normalize();
        return new DemoConfig(enabled, tenant, prefix, ttl, bundlePath);
    }
}
