package org.webtrunk.gateway.config;

import java.time.Duration;
import java.util.Objects;

/**
 * The dialog tracker: every call through the gateway, so that none outlives its browser (see
 * {@code dialog.DialogTracker}).
 *
 * @param maxDialogs         bound on calls in progress (ringing or answered); a new INVITE beyond it gets
 *                           503 with Retry-After, so a flood of calls cannot grow the table without limit;
 *                           default 50,000
 * @param maxDuration        safety net: a call older than this is ended with BYEs on both sides, whatever
 *                           its signalling says; default 4h
 * @param minSessionExpires  Min-SE (RFC 4028 §5): an INVITE offering a shorter Session-Expires (and
 *                           supporting timers) gets 422 with this Min-SE. Default 90s, the RFC's floor and
 *                           JsSIP's offer: JsSIP does not retry after 422, so never raise it above 90s
 *                           for browser callers
 * @param sessionTimerGrace  how long past the negotiated session interval a missed refresh is waited for
 *                           before the call is ended (RFC 4028 §10 gives a UA up to 32 s of margin on the
 *                           other side of expiry); default 32s
 * @param trunkProbeInterval in-dialog OPTIONS to the trunk side of every answered call at this interval; a
 *                           481 or no answer ends the call. Zero (the default) turns probing off: calls
 *                           then rely on WebSocket liveness and session timers
 * @param retryAfterSeconds  Retry-After on the 503 when the table is full or the gateway is draining; default 5
 * @param shutdownDrain      on stop, how long calls may go on finishing by themselves before the rest are
 *                           ended with BYEs on both sides; default 0 (end them at once: a stopping
 *                           gateway must leave nothing hanging on a trunk, and a supervisor's stop timeout is short)
 */
public record DialogConfig(int maxDialogs, Duration maxDuration, Duration minSessionExpires,
                           Duration sessionTimerGrace, Duration trunkProbeInterval, int retryAfterSeconds,
                           Duration shutdownDrain) {
    /** RFC 4028 §5: Min-SE is never below 90 seconds. */
    public static final Duration RFC_MIN_SE = Duration.ofSeconds(90);

    public DialogConfig {
        Objects.requireNonNull(maxDuration, "maxDuration");
        Objects.requireNonNull(minSessionExpires, "minSessionExpires");
        Objects.requireNonNull(sessionTimerGrace, "sessionTimerGrace");
        Objects.requireNonNull(trunkProbeInterval, "trunkProbeInterval");
        Objects.requireNonNull(shutdownDrain, "shutdownDrain");
        if (maxDialogs < 1 || maxDuration.isNegative() || maxDuration.isZero()
                || minSessionExpires.compareTo(RFC_MIN_SE) < 0 || sessionTimerGrace.isNegative()
                || trunkProbeInterval.isNegative() || retryAfterSeconds < 0) {
            throw new IllegalArgumentException("bad dialog settings: " + maxDialogs + ", " + maxDuration + ", "
                    + minSessionExpires + ", " + sessionTimerGrace + ", " + trunkProbeInterval + ", "
                    + retryAfterSeconds);
        }
    }

    static DialogConfig read(ConfigNode n) {
        DialogConfig d = defaults();
        int max = n.integer("max-dialogs", d.maxDialogs(), 1, 10_000_000);
        Duration maxDuration = n.duration("max-duration", d.maxDuration(), Duration.ofMinutes(1), Duration.ofDays(7));
        Duration minSe = n.duration("min-se", d.minSessionExpires(), RFC_MIN_SE, Duration.ofHours(1));
        Duration grace = n.duration("session-timer-grace", d.sessionTimerGrace(), Duration.ZERO, Duration.ofMinutes(5));
        Duration probe = n.duration("trunk-probe-interval", d.trunkProbeInterval(), Duration.ZERO, Duration.ofHours(1));
        int retryAfter = n.integer("retry-after", d.retryAfterSeconds(), 0, 3600);
        Duration drain = n.duration("shutdown-drain", d.shutdownDrain(), Duration.ZERO, Duration.ofHours(1));
        if (!probe.isZero() && probe.compareTo(Duration.ofSeconds(10)) < 0) {
            n.error("trunk-probe-interval", "must be 0 (off) or at least 10s, got " + probe.toSeconds() + "s");
            probe = Duration.ZERO;
        }
        n.rejectUnknownKeys();
        return new DialogConfig(max, maxDuration, minSe, grace, probe, retryAfter, drain);
    }

    /** Every default: what an empty {@code dialogs} section gives. */
    public static DialogConfig defaults() {
        return new DialogConfig(50_000, Duration.ofHours(4), RFC_MIN_SE, Duration.ofSeconds(32), Duration.ZERO, 5,
                Duration.ZERO);
    }

    public boolean probesTrunks() {
        return !trunkProbeInterval.isZero();
    }
}
