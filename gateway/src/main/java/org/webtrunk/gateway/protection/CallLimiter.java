package org.webtrunk.gateway.protection;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.webtrunk.gateway.config.ProtectionConfig;

/**
 * New calls per second and concurrent calls per tenant. The concurrent count is exact: a {@link CallPermit} is
 * taken atomically under the limit and given back once. The per-tenant table holds only tenants with a call in
 * progress (bounded by the tenants configured); the rate table is a bounded one-second window. A refused call gets
 * the configured answer: 503 with Retry-After, 486 Busy Here or 480 Temporarily Unavailable. Thread-safe.
 */
public final class CallLimiter {
    static final String TABLE = "call-rate";

    /** Either a permit (admitted) or the refusal to send. */
    public record Admission(CallPermit permit, ProtectionDecision decision) {
        public boolean admitted() {
            return permit != null;
        }
    }

    private final ProtectionConfig.Limits limits;
    private final ProtectionMetrics metrics;
    private final Map<String, Integer> concurrent = new ConcurrentHashMap<>();
    private final WindowCounters<String> rate;

    public CallLimiter(ProtectionConfig config, MeterRegistry registry, ProtectionClock clock) {
        this(config, new ProtectionMetrics(registry), clock);
    }

    CallLimiter(ProtectionConfig config, ProtectionMetrics metrics, ProtectionClock clock) {
        this.limits = config.limits();
        this.metrics = metrics;
        this.rate = new WindowCounters<>(TABLE, config.maxTrackedCredentials(), java.time.Duration.ofSeconds(1),
                clock, metrics);
    }

    /** Called for a new INVITE (not a re-INVITE) of {@code tenant}. Attempts over the rate count too. */
    public Admission tryStartCall(String tenant) {
        Objects.requireNonNull(tenant, "tenant");
        if (rate.increment(tenant) > limits.callsPerSecondPerTenant()) {
            metrics.limitHit(Limit.CALL_RATE);
            return new Admission(null, refusal(Limit.CALL_RATE));
        }
        boolean[] admitted = {false};
        concurrent.compute(tenant, (t, n) -> {
            int current = n == null ? 0 : n;
            if (current >= limits.concurrentCallsPerTenant()) {
                return n;
            }
            admitted[0] = true;
            return current + 1;
        });
        if (!admitted[0]) {
            metrics.limitHit(Limit.CONCURRENT_CALLS);
            return new Admission(null, refusal(Limit.CONCURRENT_CALLS));
        }
        return new Admission(new CallPermit(tenant, () -> end(tenant)), ProtectionDecision.ALLOW);
    }

    /** Calls of {@code tenant} in progress now. */
    public int activeCalls(String tenant) {
        return concurrent.getOrDefault(tenant, 0);
    }

    private void end(String tenant) {
        concurrent.computeIfPresent(tenant, (t, n) -> n <= 1 ? null : n - 1);
    }

    private ProtectionDecision refusal(Limit limit) {
        ProtectionConfig.LimitRefusal r = limits.callRefusal();
        return ProtectionDecision.reject(r.status(), r.reason(),
                r == ProtectionConfig.LimitRefusal.SERVICE_UNAVAILABLE ? limits.retryAfter() : null, limit.tag());
    }
}
