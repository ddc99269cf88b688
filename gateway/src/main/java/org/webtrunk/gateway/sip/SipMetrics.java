package org.webtrunk.gateway.sip;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The SIP stage's counters, exported as {@code webtrunk_sip_messages_total{direction,kind}},
 * {@code webtrunk_sip_rejected_total{check}}, {@code webtrunk_sip_dropped_total{reason}} and
 * {@code webtrunk_sip_replies_total{status}}. Tag values come from code, never from the wire,
 * so the number of series stays bounded.
 */
public final class SipMetrics {
    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    public SipMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** @param direction "in" or "out"; @param kind "request" or "response" */
    public void message(String direction, String kind) {
        counter("webtrunk.sip.messages", "direction", direction, "kind", kind).increment();
    }

    public void rejected(String check) {
        counter("webtrunk.sip.rejected", "check", check, null, null).increment();
    }

    public void dropped(String reason) {
        counter("webtrunk.sip.dropped", "reason", reason, null, null).increment();
    }

    public void replied(int status) {
        counter("webtrunk.sip.replies", "status", Integer.toString(status), null, null).increment();
    }

    private Counter counter(String name, String k1, String v1, String k2, String v2) {
        String key = name + '|' + v1 + '|' + v2;
        return counters.computeIfAbsent(key, k -> {
            Counter.Builder b = Counter.builder(name).tag(k1, v1);
            if (k2 != null) {
                b.tag(k2, v2);
            }
            return b.register(registry);
        });
    }
}
