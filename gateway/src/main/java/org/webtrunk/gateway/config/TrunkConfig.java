package org.webtrunk.gateway.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.webtrunk.gateway.transport.Transport;

/**
 * A SIP trunk: the next hops calls for a tenant go to, with failover between them.
 *
 * <p>Targets are tried by priority, then by weight among equal priorities (RFC 2782's rule, as for DNS SRV).
 * A target that fails {@code downAfter} times in a row is marked down and probed with OPTIONS every
 * {@code probeInterval} until it answers.
 *
 * @param name          unique name, used by tenants and as a metric label
 * @param targets       next hops, at least one
 * @param addHeaders    headers added to every request sent to this trunk (e.g. a tenant or context header)
 * @param stripHeaders  headers removed from requests before they go to this trunk (lower case), e.g. headers
 *                      the browser could use to impersonate another tenant
 * @param probeInterval how often a down target is probed; default 30s
 * @param downAfter     consecutive failures (timeout, 503, transport error) that mark a target down; default 3
 * @param targetTimeout how long to wait for a provisional or final answer from one target before trying the
 *                      next; default 4s, well under Timer B (32 s) so the caller still gets a call
 * @param tls           how its TLS targets are checked; {@link TrunkTlsConfig#DEFAULTS} when not set
 */
public record TrunkConfig(
        String name,
        List<TrunkTargetConfig> targets,
        List<HeaderConfig> addHeaders,
        List<String> stripHeaders,
        Duration probeInterval,
        int downAfter,
        Duration targetTimeout,
        TrunkTlsConfig tls) {

    /** Names are metric labels and log fields: short and plain. */
    static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

    public TrunkConfig {
        Objects.requireNonNull(name, "name");
        targets = List.copyOf(targets);
        addHeaders = List.copyOf(addHeaders);
        stripHeaders = List.copyOf(stripHeaders);
        Objects.requireNonNull(probeInterval, "probeInterval");
        Objects.requireNonNull(targetTimeout, "targetTimeout");
        Objects.requireNonNull(tls, "tls");
    }

    /** @param baseDir folder of the config file: relative TLS files are read from there */
    static TrunkConfig read(ConfigNode n, Path baseDir) {
        String name = n.string("name", null);
        if (name == null) {
            n.error("name", "is required");
        } else if (!NAME.matcher(name).matches()) {
            n.error("name", "must match [a-z0-9][a-z0-9._-]{0,63}, got '" + name + "'");
        }
        List<TrunkTargetConfig> targets = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        List<ConfigNode> targetNodes = n.sections("targets");
        for (ConfigNode t : targetNodes) {
            TrunkTargetConfig target = TrunkTargetConfig.read(t);
            if (target == null) {
                continue;
            }
            if (!seen.add(target.uri())) {
                t.error("uri", "duplicate target " + target.uri());
                continue;
            }
            targets.add(target);
        }
        if (targetNodes.isEmpty()) {
            n.error("targets", "at least one target is needed, e.g. {uri: \"sip:192.0.2.10;transport=udp\"}");
        }
        List<HeaderConfig> add = new ArrayList<>();
        for (String line : n.strings("add-headers", List.of())) {
            try {
                add.add(HeaderConfig.parse(line));
            } catch (IllegalArgumentException e) {
                n.error("add-headers", e.getMessage());
            }
        }
        List<String> strip = new ArrayList<>();
        for (String h : n.strings("strip-headers", List.of())) {
            try {
                strip.add(HeaderConfig.checkName(h.trim()).toLowerCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                n.error("strip-headers", e.getMessage());
            }
        }
        Duration probe = n.duration("probe-interval", Duration.ofSeconds(30), Duration.ofSeconds(1), Duration.ofHours(1));
        int downAfter = n.integer("down-after", 3, 1, 100);
        Duration timeout = n.duration("target-timeout", Duration.ofSeconds(4), Duration.ofMillis(200),
                Duration.ofSeconds(32));
        ConfigNode tlsNode = n.section("tls");
        TrunkTlsConfig tls = tlsNode.isPresent() ? TrunkTlsConfig.read(tlsNode, baseDir) : TrunkTlsConfig.DEFAULTS;
        if (tlsNode.isPresent() && targets.stream().noneMatch(t -> t.transport() == Transport.TLS)) {
            n.error("tls", "this trunk has no TLS target (sips: or ;transport=tls), so its tls settings would do nothing");
        }
        n.rejectUnknownKeys();
        return new TrunkConfig(name == null ? "" : name, targets, add, strip, probe, downAfter, timeout, tls);
    }

    /** A trunk with one target and every default. */
    public static TrunkConfig of(String name, String targetUri) {
        return new TrunkConfig(name, List.of(TrunkTargetConfig.parse(targetUri)), List.of(), List.of(),
                Duration.ofSeconds(30), 3, Duration.ofSeconds(4), TrunkTlsConfig.DEFAULTS);
    }
}
