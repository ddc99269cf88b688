package org.webtrunk.gateway.protection;

import java.net.InetAddress;
import java.time.Duration;
import org.webtrunk.gateway.config.ProtectionConfig;

/**
 * The per-source decision shared by {@link DatagramGuard} and {@link ProtectionHandler}: banned sources are
 * dropped; a source crossing the flood density is banned, and the crossing request is dropped or (action
 * {@code reject}) answered once with 503 and Retry-After, never more, so a ban never reflects a flood.
 */
final class SourceGuard {
    static final ProtectionDecision BANNED = ProtectionDecision.drop("banned");
    static final ProtectionDecision FLOOD = ProtectionDecision.drop("flood");

    private final BanList bans;
    private final FloodDetector flood;
    private final ProtectionConfig.Flood config;

    SourceGuard(BanList bans, FloodDetector flood, ProtectionConfig.Flood config) {
        this.bans = bans;
        this.flood = flood;
        this.config = config;
    }

    BanList bans() {
        return bans;
    }

    /** Per UDP datagram, before parsing: ALLOW also for the crossing datagram when it is owed a 503. */
    ProtectionDecision checkDatagram(InetAddress source) {
        if (bans.isBanned(source)) {
            return BANNED;
        }
        if (flood.recordRequest(source)) {
            boolean answer = config.action() == ProtectionConfig.FloodAction.REJECT;
            bans.ban(source, BanReason.FLOOD, config.banTime(), answer);
            return answer ? ProtectionDecision.ALLOW : FLOOD;
        }
        return ProtectionDecision.ALLOW;
    }

    /**
     * Per SIP message. {@code countFlood} is false for UDP, whose datagrams {@link DatagramGuard} already counted.
     */
    ProtectionDecision checkMessage(InetAddress source, boolean countFlood) {
        boolean crossed = false;
        if (countFlood && !bans.isBanned(source) && flood.recordRequest(source)) {
            crossed = bans.ban(source, BanReason.FLOOD, config.banTime(),
                    config.action() == ProtectionConfig.FloodAction.REJECT);
        }
        if (!bans.isBanned(source)) {
            return ProtectionDecision.ALLOW;
        }
        if (bans.takeOwedAnswer(source)) {
            Duration left = bans.remaining(source);
            return ProtectionDecision.reject(503, "Service Unavailable", left != null ? left : config.banTime(),
                    "flood");
        }
        return crossed ? FLOOD : BANNED;
    }
}
