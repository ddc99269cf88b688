package org.webtrunk.gateway.protection;

import io.micrometer.core.instrument.MeterRegistry;
import org.webtrunk.gateway.config.ProtectionConfig;

/**
 * Authenticated REGISTERs per credential id per window. JsSIP refreshes a registration every few minutes; more
 * than {@code registrationsPerCredential} in {@code registrationWindow} is a client loop or abuse of a leaked
 * credential, refused with 503 and Retry-After so the registrar is not hammered. Bounded table (coldest evicted);
 * ids are cut to 128 characters. Thread-safe.
 */
public final class RegistrationLimiter {
    static final String TABLE = "registrations";

    private final int max;
    private final ProtectionDecision refusal;
    private final ProtectionMetrics metrics;
    private final WindowCounters<String> counters;

    public RegistrationLimiter(ProtectionConfig config, MeterRegistry registry, ProtectionClock clock) {
        this(config, new ProtectionMetrics(registry), clock);
    }

    RegistrationLimiter(ProtectionConfig config, ProtectionMetrics metrics, ProtectionClock clock) {
        this.max = config.limits().registrationsPerCredential();
        this.refusal = ProtectionDecision.reject(503, "Service Unavailable", config.limits().retryAfter(),
                Limit.REGISTRATIONS.tag());
        this.metrics = metrics;
        this.counters = new WindowCounters<>(TABLE, config.maxTrackedCredentials(),
                config.limits().registrationWindow(), clock, metrics);
    }

    /** Counts one authenticated REGISTER (including un-REGISTER) of {@code credentialId}. */
    public ProtectionDecision checkRegistration(String credentialId) {
        if (counters.increment(AuthFailureTracker.key(credentialId)) <= max) {
            return ProtectionDecision.ALLOW;
        }
        metrics.limitHit(Limit.REGISTRATIONS);
        return refusal;
    }
}
