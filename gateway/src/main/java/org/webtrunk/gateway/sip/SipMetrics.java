package org.webtrunk.gateway.sip;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The SIP stage's counters, exported as {@code webtrunk_sip_messages_total{direction,kind}},
 * {@code webtrunk_sip_rejected_total{check}}, {@code webtrunk_sip_dropped_total{reason}} and
 * {@code webtrunk_sip_replies_total{status}}. Tag values come from code, never from the wire,
 * so the number of series stays bounded.
 */
public final class SipMetrics {
    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    /** Counted on every message: looked up once, not per message (a key string and a map lookup each). */
    private final Counter inRequests;
    private final Counter inResponses;
    private final Counter outResponses;
    /** Replies by status (100-699), registered on first use. */
    private final AtomicReferenceArray<Counter> replies = new AtomicReferenceArray<>(600);

    public SipMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.inRequests = messages("in", "request");
        this.inResponses = messages("in", "response");
        this.outResponses = messages("out", "response");
    }

    /** A message received; {@code request} false for a response. */
    public void received(boolean request) {
        (request ? inRequests : inResponses).increment();
    }

    /** A response sent by the SIP stage. */
    public void responseSent() {
        outResponses.increment();
    }

    /** @param direction "in" or "out"; @param kind "request" or "response" */
    private Counter messages(String direction, String kind) {
        return counter("webtrunk.sip.messages", "direction", direction, "kind", kind);
    }

    public void rejected(String check) {
        counter("webtrunk.sip.rejected", "check", check, null, null).increment();
    }

    public void dropped(String reason) {
        counter("webtrunk.sip.dropped", "reason", reason, null, null).increment();
    }

    public void replied(int status) {
        if (status < 100 || status > 699) {
            counter("webtrunk.sip.replies", "status", Integer.toString(status), null, null).increment();
            return;
        }
        Counter c = replies.get(status - 100);
        if (c == null) {
            c = counter("webtrunk.sip.replies", "status", Integer.toString(status), null, null);
            replies.set(status - 100, c);
        }
        c.increment();
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
