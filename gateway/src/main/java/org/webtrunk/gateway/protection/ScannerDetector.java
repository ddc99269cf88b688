package org.webtrunk.gateway.protection;

import io.micrometer.core.instrument.MeterRegistry;
import java.net.InetAddress;
import java.util.List;
import java.util.Locale;
import org.webtrunk.gateway.config.ProtectionConfig;

/**
 * Scanner defence. Well-known scanners (SIPVicious' {@code friendly-scanner}, sipcli, ...) name themselves in
 * User-Agent: their requests are dropped without an answer, because an answer is what a scanner looks for, and
 * their address is optionally banned. Requests to numbers no tenant owns are refused cheaply (404, the same for
 * every unknown number so it tells an enumerator nothing) and counted; too many from one address ban it if
 * configured. Thread-safe.
 */
public final class ScannerDetector {
    static final String TABLE = "unknown-numbers";

    private final List<String> userAgents;
    private final ProtectionConfig.Scanner config;
    private final BanList bans;
    private final ProtectionMetrics metrics;
    private final WindowCounters<InetAddress> unknownNumbers;

    public ScannerDetector(ProtectionConfig config, BanList bans, MeterRegistry registry, ProtectionClock clock) {
        this(config, bans, new ProtectionMetrics(registry), clock);
    }

    ScannerDetector(ProtectionConfig config, BanList bans, ProtectionMetrics metrics, ProtectionClock clock) {
        this.config = config.scanner();
        this.userAgents = this.config.userAgents().stream().map(s -> s.toLowerCase(Locale.ROOT)).toList();
        this.bans = bans;
        this.metrics = metrics;
        this.unknownNumbers = new WindowCounters<>(TABLE, config.maxTrackedAddresses(),
                this.config.unknownNumberWindow(), clock, metrics);
    }

    /** True if {@code userAgent} contains one of the configured scanner names, ignoring case. Null is false. */
    public boolean isScannerUserAgent(String userAgent) {
        if (userAgent == null) {
            return false;
        }
        // one lower-case copy and String.indexOf (vectorised) per needle: a case-insensitive compare at every
        // position was ~2 % of the event loop per WebSocket REGISTER
        String lower = userAgent.toLowerCase(Locale.ROOT);
        for (String s : userAgents) {
            if (lower.contains(s)) {
                return true;
            }
        }
        return false;
    }

    /** Drop (and ban, if configured) a request whose User-Agent is a scanner's; allow anything else. */
    public ProtectionDecision checkUserAgent(InetAddress source, String userAgent) {
        if (!isScannerUserAgent(userAgent)) {
            return ProtectionDecision.ALLOW;
        }
        if (config.ban()) {
            bans.ban(source, BanReason.SCANNER, config.banTime());
        }
        return ProtectionDecision.drop("scanner");
    }

    /**
     * The routing stage found no tenant owning the requested number: counts it and returns the refusal
     * (404 Not Found); the {@code maxUnknownNumbers}-th within the window bans the source if configured.
     */
    public ProtectionDecision unknownNumber(InetAddress source) {
        metrics.unknownNumber();
        int n = unknownNumbers.increment(source);
        if (config.ban() && n >= config.maxUnknownNumbers()) {
            bans.ban(source, BanReason.UNKNOWN_NUMBERS, config.banTime());
        }
        return ProtectionDecision.reject(404, "Not Found", null, "unknown-number");
    }
}
