package org.webtrunk.gateway.dialog;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code webtrunk_calls_active{tenant}} and {@code webtrunk_calls_ended_total{reason}}, plus refusals.
 * Tenants come from configuration (a bounded set); calls without one count under {@code none}.
 */
final class DialogMetrics {
    static final String NO_TENANT = "none";

    private final MeterRegistry registry;
    private final Map<EndReason, Counter> ended = new EnumMap<>(EndReason.class);
    private final Map<String, AtomicInteger> active = new ConcurrentHashMap<>();

    DialogMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (EndReason r : EndReason.values()) {
            ended.put(r, Counter.builder("webtrunk.calls.ended").tag("reason", r.tag())
                    .description("calls ended, by reason").register(registry));
        }
        gauge(NO_TENANT);
    }

    private AtomicInteger gauge(String tenant) {
        return active.computeIfAbsent(tenant, t -> {
            AtomicInteger n = new AtomicInteger();
            Gauge.builder("webtrunk.calls.active", n, AtomicInteger::get).tag("tenant", t)
                    .description("calls ringing or answered now").register(registry);
            return n;
        });
    }

    void activeChanged(String tenant, int delta) {
        gauge(tenant == null ? NO_TENANT : tenant).addAndGet(delta);
    }

    void ended(EndReason reason) {
        ended.get(reason).increment();
    }

    /** A request inside a dialog refused: {@code unknown-dialog}, {@code other-connection} or {@code other-next-hop}. */
    void inDialogRefused(String why) {
        registry.counter("webtrunk.dialog.requests.refused", "reason", why).increment();
    }

    /** A new INVITE refused: {@code full}, {@code draining} or {@code min-se}. */
    void refused(String why) {
        registry.counter("webtrunk.calls.refused", "reason", why).increment();
    }
}
