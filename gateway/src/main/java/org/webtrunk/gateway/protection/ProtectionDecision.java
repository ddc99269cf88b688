package org.webtrunk.gateway.protection;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What to do with a request or packet: let it through, drop it silently, or answer it with an error. Deciding is
 * kept apart from acting (Armeria's ThrottlingStrategy, Kamailio pike): detectors return decisions, handlers act,
 * and a reject becomes a SIP response only in the SIP stage's reply writer.
 *
 * @param action     allow, drop or reject
 * @param status     SIP status for a reject (e.g. 503), 0 otherwise
 * @param reason     SIP reason phrase for a reject, empty otherwise
 * @param retryAfter Retry-After for a reject (RFC 3261 §20.33), null for none
 * @param tag        metric tag naming the detector or limit that decided, e.g. {@code banned}, {@code flood}
 */
public record ProtectionDecision(Action action, int status, String reason, Duration retryAfter, String tag) {

    public enum Action { ALLOW, DROP, REJECT }

    public static final ProtectionDecision ALLOW = new ProtectionDecision(Action.ALLOW, 0, "", null, "allow");

    public ProtectionDecision {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(tag, "tag");
        if (action == Action.REJECT && (status < 300 || status > 699)) {
            throw new IllegalArgumentException("a reject needs a final error status, got " + status);
        }
    }

    public static ProtectionDecision drop(String tag) {
        return new ProtectionDecision(Action.DROP, 0, "", null, tag);
    }

    public static ProtectionDecision reject(int status, String reason, Duration retryAfter, String tag) {
        return new ProtectionDecision(Action.REJECT, status, reason, retryAfter, tag);
    }

    public boolean allowed() {
        return action == Action.ALLOW;
    }

    /** Extra header lines for the reply: {@code Retry-After} in whole seconds (at least 1) when set. */
    public List<String> headers() {
        if (retryAfter == null) {
            return List.of();
        }
        long s = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
        return List.of("Retry-After: " + s);
    }
}
