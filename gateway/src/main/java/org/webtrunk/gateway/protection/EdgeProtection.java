package org.webtrunk.gateway.protection;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.Objects;
import org.webtrunk.gateway.config.ProtectionConfig;

/**
 * All edge protection of one gateway, built once from its {@link ProtectionConfig}: the shared tables
 * (bans, flood counts, failures), the limiters, and the Netty handlers that use them. Where each piece goes:
 * <pre>
 * TCP/TLS/WS/WSS: bannedAddressFilter (first, before TLS: a banned peer costs no handshake)
 *                 → connectionLimitHandler(ws, CLOSE) (also before TLS; with HTTP_503 put it right after TLS,
 *                   so the 503 is encrypted) → [tls] → ... → ws-protocol → its handshakeListener() (WS only)
 *                 → ... → sipDecoder → sipHandler → sanity → ...
 * UDP:            datagramGuard (first) → sip-datagram-decoder → sipDecoder → sipHandler → sanity → ...
 * auth stage:     authFailures().recordFailure(addr, id) on a wrong answer, recordSuccess on a right one;
 *                 registrations().checkRegistration(id) for an authenticated REGISTER
 * routing:        calls().tryStartCall(tenant) per new INVITE, permit released when the call ends;
 *                 scanners().unknownNumber(source) when no tenant owns the requested number
 * admin:          bans().list() / unban(String) / ban(..), flood().topTalkers(n)
 * </pre>
 */
public final class EdgeProtection {
    private final ProtectionConfig config;
    private final ProtectionMetrics metrics;
    private final AllowList allowList;
    private final BanList bans;
    private final FloodDetector flood;
    private final AuthFailureTracker authFailures;
    private final ScannerDetector scanners;
    private final ConnectionLimiter connections;
    private final RequestRateLimiter requestRates;
    private final CallLimiter calls;
    private final RegistrationLimiter registrations;
    private final BannedAddressFilter bannedAddressFilter;
    private final DatagramGuard datagramGuard;
    private final ProtectionHandler sipHandler;

    public EdgeProtection(ProtectionConfig config, MeterRegistry registry) {
        this(config, registry, ProtectionClock.system());
    }

    public EdgeProtection(ProtectionConfig config, MeterRegistry registry, ProtectionClock clock) {
        this.config = Objects.requireNonNull(config, "config");
        this.metrics = new ProtectionMetrics(registry);
        this.allowList = new AllowList(config.allowList());
        this.bans = new BanList(allowList, config.maxTrackedAddresses(), metrics, clock);
        this.flood = new FloodDetector(config, allowList, metrics, clock);
        this.authFailures = new AuthFailureTracker(config, bans, allowList, metrics, clock);
        this.scanners = new ScannerDetector(config, bans, metrics, clock);
        this.connections = new ConnectionLimiter(config, allowList, metrics);
        this.requestRates = new RequestRateLimiter(config, metrics, clock);
        this.calls = new CallLimiter(config, metrics, clock);
        this.registrations = new RegistrationLimiter(config, metrics, clock);
        SourceGuard sources = new SourceGuard(bans, flood, config.flood());
        this.bannedAddressFilter = new BannedAddressFilter(bans, metrics);
        this.datagramGuard = new DatagramGuard(sources, metrics);
        this.sipHandler = new ProtectionHandler(sources, scanners, requestRates, allowList, metrics);
    }

    public ProtectionConfig config() {
        return config;
    }

    public AllowList allowList() {
        return allowList;
    }

    public BanList bans() {
        return bans;
    }

    public FloodDetector flood() {
        return flood;
    }

    public AuthFailureTracker authFailures() {
        return authFailures;
    }

    public ScannerDetector scanners() {
        return scanners;
    }

    public ConnectionLimiter connections() {
        return connections;
    }

    public RequestRateLimiter requestRates() {
        return requestRates;
    }

    public CallLimiter calls() {
        return calls;
    }

    public RegistrationLimiter registrations() {
        return registrations;
    }

    /** Shared; first in every connection pipeline. */
    public BannedAddressFilter bannedAddressFilter() {
        return bannedAddressFilter;
    }

    /** Shared; first in the UDP pipeline. */
    public DatagramGuard datagramGuard() {
        return datagramGuard;
    }

    /** Shared; right after the SIP decoder in every listener's SIP stage. */
    public ProtectionHandler sipHandler() {
        return sipHandler;
    }

    /**
     * A connection-limit handler for one listener kind (share it between that kind's channels).
     *
     * @param websocket the listener upgrades to WebSocket, so connections take a handshake slot until upgraded
     * @param refusal   close, or answer HTTP 503 with Retry-After (WebSocket listeners) before closing
     */
    public ConnectionLimitHandler connectionLimitHandler(boolean websocket, ConnectionLimitHandler.Refusal refusal) {
        return new ConnectionLimitHandler(connections, metrics, websocket, refusal, config.limits().retryAfter());
    }
}
