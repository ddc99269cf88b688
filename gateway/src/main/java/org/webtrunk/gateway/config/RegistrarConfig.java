package org.webtrunk.gateway.config;

import java.time.Duration;

/**
 * The in-memory location service (RFC 3261 §10.3) that lets calls from a trunk reach registered browsers.
 *
 * @param maxBindings    bound on bindings in total; further registrations get 503 instead of memory growth
 * @param maxPerAor      bound on bindings of one address of record (tabs and devices of one user); default 10
 * @param minExpires     shorter non-zero registrations get 423 Interval Too Brief with this Min-Expires
 *                       (RFC 3261 §10.3 step 7); default 60s, against refresh floods
 * @param maxExpires     longer registrations are shortened to this; default 3600s
 * @param defaultExpires used when the request gives no expiry; default 600s
 */
public record RegistrarConfig(int maxBindings, int maxPerAor, Duration minExpires, Duration maxExpires,
                              Duration defaultExpires) {

    static RegistrarConfig read(ConfigNode n) {
        int max = n.integer("max-bindings", 100_000, 1, 10_000_000);
        int perAor = n.integer("max-per-aor", 10, 1, 1000);
        Duration min = n.duration("min-expires", Duration.ofSeconds(60), Duration.ofSeconds(1), Duration.ofHours(1));
        Duration maxExp = n.duration("max-expires", Duration.ofSeconds(3600), Duration.ofSeconds(1), Duration.ofDays(1));
        Duration def = n.duration("default-expires", Duration.ofSeconds(600), Duration.ofSeconds(1), Duration.ofDays(1));
        if (maxExp.compareTo(min) < 0) {
            n.error("max-expires", "must not be shorter than min-expires (" + min.toSeconds() + "s)");
        } else if (def.compareTo(min) < 0 || def.compareTo(maxExp) > 0) {
            n.error("default-expires", "must be between min-expires (" + min.toSeconds() + "s) and max-expires ("
                    + maxExp.toSeconds() + "s)");
        }
        if (perAor > max) {
            n.error("max-per-aor", "must not exceed max-bindings (" + max + ")");
        }
        n.rejectUnknownKeys();
        return new RegistrarConfig(max, perAor, min, maxExp, def);
    }

    /** Every default: what an empty {@code registrar} section gives. */
    public static RegistrarConfig defaults() {
        return new RegistrarConfig(100_000, 10, Duration.ofSeconds(60), Duration.ofSeconds(3600),
                Duration.ofSeconds(600));
    }
}
