package org.webtrunk.gateway.config;

import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;

/**
 * Edge protection: flood bans (Kamailio pike), failed-authentication bans (fail2ban), scanner defence and
 * limits. Every limit is there against a denial of service; every table is bounded by
 * {@code maxTrackedAddresses} / {@code maxTrackedCredentials}, and when one is full its coldest entry goes.
 *
 * @param allowList             CIDRs (IPv4 or IPv6, a bare address is one host) that are never banned,
 *                              flood-counted or limited per address: your trunks and monitoring. Default empty:
 *                              even loopback can be banned, which the loopback tests rely on
 * @param maxTrackedAddresses   bound on every per-address table (flood counts, auth failures, scanners, bans);
 *                              default 100000 (a few MB). A flood of spoofed UDP sources then evicts the
 *                              coldest entries instead of growing memory
 * @param maxTrackedCredentials bound on every per-credential-id table; default 100000
 * @param flood                 per-address request density and what happens above it
 * @param authFailures          bans after wrong digest answers
 * @param scanner               well-known scanner User-Agents and requests to numbers no tenant owns
 * @param limits                connection, request, call and registration limits
 */
public record ProtectionConfig(
        List<String> allowList,
        int maxTrackedAddresses,
        int maxTrackedCredentials,
        Flood flood,
        AuthFailures authFailures,
        Scanner scanner,
        Limits limits) {

    /** What happens to the request that crosses the flood density. */
    public enum FloodAction {
        /** Silently dropped, like everything from the address while it is banned. */
        DROP,
        /** Answered once 503 with Retry-After (the ban time) so a well-behaved peer backs off; then dropped. */
        REJECT
    }

    /** The answer to a call over a tenant's call limits. */
    public enum LimitRefusal {
        SERVICE_UNAVAILABLE(503, "Service Unavailable"),
        BUSY_HERE(486, "Busy Here"),
        TEMPORARILY_UNAVAILABLE(480, "Temporarily Unavailable");

        private final int status;
        private final String reason;

        LimitRefusal(int status, String reason) {
            this.status = status;
            this.reason = reason;
        }

        public int status() {
            return status;
        }

        public String reason() {
            return reason;
        }

        static LimitRefusal ofStatus(String text) {
            for (LimitRefusal r : values()) {
                if (Integer.toString(r.status).equals(text)) {
                    return r;
                }
            }
            throw new IllegalArgumentException("must be 503, 486 or 480, got '" + text + "'");
        }
    }

    /**
     * Per-address request density (Kamailio pike: {@code sampling_time_unit} 2 s, {@code reqs_density_per_unit}
     * 30). Our default is much higher because many browsers share one NAT address (offices, carrier-grade NAT),
     * and trunks belong on the allow-list anyway.
     *
     * @param window      sampling window, default 2s
     * @param maxRequests requests (UDP datagrams, SIP messages on connections) per window above which the address
     *                    is flooding; default 400 (200/s)
     * @param action      drop (default: a flood gets no answer, so it reflects nothing) or reject (503 once)
     * @param banTime     how long a flooding address stays banned, default 5m
     */
    public record Flood(Duration window, int maxRequests, FloodAction action, Duration banTime) {
    }

    /**
     * Fail2ban-like: wrong digest answers (not unanswered challenges) from one address, or for one credential id,
     * within {@code window} ban the address that sent the last of them.
     *
     * @param maxFailures failures that ban, default 5 (a browser whose credentials expired fails once per try)
     * @param window      default 60s
     * @param banTime     default 15m, long enough to make password guessing useless
     */
    public record AuthFailures(int maxFailures, Duration window, Duration banTime) {
    }

    /**
     * Scanner defence. SIPVicious and friends identify themselves in User-Agent; their requests are dropped without
     * an answer (an answer is what a scanner looks for).
     *
     * @param userAgents         case-insensitive substrings of scanner User-Agents; default friendly-scanner,
     *                           sipvicious, sipcli, sip-scan, sipscan, vaxsipuseragent, iwar, sundayddr, smap,
     *                           pplsip. sipsak is left out on purpose: operators use it for monitoring
     * @param ban                whether a scanner User-Agent, or too many requests to unknown numbers, also bans
     *                           the address; default true
     * @param banTime            default 1h
     * @param maxUnknownNumbers  requests to numbers no tenant owns from one address within
     *                           {@code unknownNumberWindow} before a ban (if {@code ban}); default 10
     * @param unknownNumberWindow default 60s
     */
    public record Scanner(List<String> userAgents, boolean ban, Duration banTime, int maxUnknownNumbers,
                          Duration unknownNumberWindow) {
    }

    /**
     * @param connectionsPerAddress      open TCP/TLS/WS/WSS connections from one address, default 20 (one NAT with
     *                                   several browsers and tabs); allow-listed addresses are exempt
     * @param connectionsTotal           open connections in total, default 10000 (file descriptors and memory)
     * @param handshakesInProgress       connections accepted but not yet upgraded to WebSocket, default 1000
     *                                   (slowloris)
     * @param requestsPerSecond          SIP requests per second on one connection (token bucket), default 50: a
     *                                   browser's rate; allow-listed addresses (trunks) are exempt
     * @param requestBurst               token bucket size, default 100: a page load registers, subscribes and
     *                                   calls at once
     * @param callsPerSecondPerTenant    new calls (INVITEs) per second per tenant, default 20
     * @param concurrentCallsPerTenant   calls in progress per tenant, default 100
     * @param callRefusal                answer to a call over a tenant limit: 503 (default, with Retry-After),
     *                                   486 or 480
     * @param retryAfter                 Retry-After on 503 refusals (RFC 3261 §20.33), default 5s
     * @param registrationsPerCredential REGISTERs per credential id per {@code registrationWindow}, default 5:
     *                                   JsSIP re-registers every few minutes; more is a loop or an abuse
     * @param registrationWindow         default 60s
     */
    public record Limits(int connectionsPerAddress, int connectionsTotal, int handshakesInProgress,
                         int requestsPerSecond, int requestBurst, int callsPerSecondPerTenant,
                         int concurrentCallsPerTenant, LimitRefusal callRefusal, Duration retryAfter,
                         int registrationsPerCredential, Duration registrationWindow) {
    }

    public static final List<String> DEFAULT_SCANNER_USER_AGENTS = List.of("friendly-scanner", "sipvicious", "sipcli",
            "sip-scan", "sipscan", "vaxsipuseragent", "iwar", "sundayddr", "smap", "pplsip");

    static ProtectionConfig read(ConfigNode n) {
        List<String> allow = n.strings("allow-list", List.of());
        for (String cidr : allow) {
            String problem = cidrProblem(cidr);
            if (problem != null) {
                n.error("allow-list", problem);
            }
        }
        int maxAddresses = n.integer("max-tracked-addresses", 100_000, 100, 10_000_000);
        int maxCredentials = n.integer("max-tracked-credentials", 100_000, 100, 10_000_000);
        Flood flood = readFlood(n.section("flood"));
        AuthFailures auth = readAuth(n.section("auth-failures"));
        Scanner scanner = readScanner(n.section("scanner"));
        Limits limits = readLimits(n.section("limits"));
        n.rejectUnknownKeys();
        return new ProtectionConfig(allow, maxAddresses, maxCredentials, flood, auth, scanner, limits);
    }

    /** Every default: what an empty {@code protection} section gives. */
    public static ProtectionConfig defaults() {
        ConfigErrors errors = new ConfigErrors("defaults");
        ProtectionConfig c = read(new ConfigNode(null, "protection", errors));
        errors.throwIfAny();
        return c;
    }

    private static Flood readFlood(ConfigNode n) {
        Duration window = n.duration("window", Duration.ofSeconds(2), Duration.ofMillis(100), Duration.ofMinutes(1));
        int max = n.integer("max-requests", 400, 1, 1_000_000);
        FloodAction action = n.choice("action", FloodAction.DROP, FloodAction.class);
        Duration ban = n.duration("ban-time", Duration.ofMinutes(5), Duration.ofSeconds(1), Duration.ofDays(7));
        n.rejectUnknownKeys();
        return new Flood(window, max, action, ban);
    }

    private static AuthFailures readAuth(ConfigNode n) {
        int max = n.integer("max-failures", 5, 1, 1000);
        Duration window = n.duration("window", Duration.ofSeconds(60), Duration.ofSeconds(1), Duration.ofDays(1));
        Duration ban = n.duration("ban-time", Duration.ofMinutes(15), Duration.ofSeconds(1), Duration.ofDays(7));
        n.rejectUnknownKeys();
        return new AuthFailures(max, window, ban);
    }

    private static Scanner readScanner(ConfigNode n) {
        List<String> agents = n.strings("user-agents", DEFAULT_SCANNER_USER_AGENTS);
        for (String a : agents) {
            if (a.isBlank()) {
                n.error("user-agents", "must not contain an empty entry (it would match every User-Agent)");
            }
        }
        boolean ban = n.bool("ban", true);
        Duration banTime = n.duration("ban-time", Duration.ofHours(1), Duration.ofSeconds(1), Duration.ofDays(7));
        int maxUnknown = n.integer("max-unknown-numbers", 10, 1, 1_000_000);
        Duration window = n.duration("unknown-number-window", Duration.ofSeconds(60), Duration.ofSeconds(1),
                Duration.ofDays(1));
        n.rejectUnknownKeys();
        return new Scanner(agents, ban, banTime, maxUnknown, window);
    }

    private static Limits readLimits(ConfigNode n) {
        int perAddress = n.integer("connections-per-address", 20, 1, 1_000_000);
        int total = n.integer("connections-total", 10_000, 1, 10_000_000);
        if (perAddress > total) {
            n.error("connections-per-address", "must not exceed connections-total (" + total + ")");
        }
        int handshakes = n.integer("handshakes-in-progress", 1000, 1, 10_000_000);
        int rps = n.integer("requests-per-second", 50, 1, 1_000_000);
        int burst = n.integer("request-burst", 100, 1, 1_000_000);
        if (burst < rps) {
            n.error("request-burst", "must be at least requests-per-second (" + rps + ")");
        }
        int cps = n.integer("calls-per-second-per-tenant", 20, 1, 1_000_000);
        int concurrent = n.integer("concurrent-calls-per-tenant", 100, 1, 10_000_000);
        LimitRefusal refusal = n.parsed("call-refusal", LimitRefusal.SERVICE_UNAVAILABLE, LimitRefusal::ofStatus);
        Duration retryAfter = n.duration("retry-after", Duration.ofSeconds(5), Duration.ofSeconds(1),
                Duration.ofHours(1));
        int registrations = n.integer("registrations-per-credential", 5, 1, 1_000_000);
        Duration regWindow = n.duration("registration-window", Duration.ofSeconds(60), Duration.ofSeconds(1),
                Duration.ofDays(1));
        n.rejectUnknownKeys();
        return new Limits(perAddress, total, handshakes, rps, burst, cps, concurrent, refusal, retryAfter,
                registrations, regWindow);
    }

    /** Null if {@code cidr} is an IP literal with an optional prefix that fits its family; never resolves names. */
    static String cidrProblem(String cidr) {
        String text = cidr.trim();
        int slash = text.indexOf('/');
        String host = slash < 0 ? text : text.substring(0, slash);
        byte[] bytes = NetUtil.createByteArrayFromIpAddressString(host);
        if (bytes == null) {
            return "'" + cidr + "' is not an IPv4 or IPv6 address or CIDR (names are not allowed)";
        }
        if (slash >= 0) {
            int bits;
            try {
                bits = Integer.parseInt(text.substring(slash + 1));
            } catch (NumberFormatException e) {
                return "'" + cidr + "' has a bad prefix length";
            }
            if (bits < 0 || bits > bytes.length * 8) {
                return "'" + cidr + "' prefix must be between 0 and " + bytes.length * 8;
            }
        }
        return null;
    }

    /** Parses an entry {@link #cidrProblem} accepted: the address part, as an {@link InetAddress}. */
    public static InetAddress cidrAddress(String cidr) {
        String text = cidr.trim();
        int slash = text.indexOf('/');
        InetAddress a = NetUtil.createInetAddressFromIpAddressString(slash < 0 ? text : text.substring(0, slash));
        if (a == null) {
            throw new IllegalArgumentException("not an IP literal: " + cidr);
        }
        return a;
    }

    /** The prefix length of an accepted entry; a bare address is a single host. */
    public static int cidrPrefix(String cidr) {
        String text = cidr.trim();
        int slash = text.indexOf('/');
        return slash < 0 ? cidrAddress(text).getAddress().length * 8 : Integer.parseInt(text.substring(slash + 1));
    }
}
