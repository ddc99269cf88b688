package org.webtrunk.gateway.protection;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The protection counters. Tags come from fixed sets (ban reasons, limits, table names, decision tags in code),
 * so the number of series is bounded whatever the traffic. Prometheus names: {@code webtrunk_protection_*_total}.
 */
final class ProtectionMetrics {
    private final MeterRegistry registry;
    private final Map<BanReason, Counter> bans = new EnumMap<>(BanReason.class);
    private final Map<Limit, Counter> limitHits = new EnumMap<>(Limit.class);
    private final Map<String, Counter> drops = new ConcurrentHashMap<>();
    private final Map<String, Counter> rejects = new ConcurrentHashMap<>();
    private final Map<String, Counter> evictions = new ConcurrentHashMap<>();
    private final Counter unknownNumbers;

    ProtectionMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (BanReason r : BanReason.values()) {
            bans.put(r, Counter.builder("webtrunk.protection.bans").tag("reason", r.tag())
                    .description("addresses banned").register(registry));
        }
        for (Limit l : Limit.values()) {
            limitHits.put(l, Counter.builder("webtrunk.protection.limit.hits").tag("limit", l.tag())
                    .description("requests or connections refused by a limit").register(registry));
        }
        unknownNumbers = Counter.builder("webtrunk.protection.unknown.numbers")
                .description("requests to numbers no tenant owns").register(registry);
    }

    MeterRegistry registry() {
        return registry;
    }

    void banned(BanReason reason) {
        bans.get(reason).increment();
    }

    void limitHit(Limit limit) {
        limitHits.get(limit).increment();
    }

    /** A packet, message or connection dropped without an answer; {@code reason} is a decision tag. */
    void dropped(String reason) {
        Counter c = drops.get(reason); // get first: computeIfAbsent's capturing lambda allocates on every call
        if (c == null) {
            c = drops.computeIfAbsent(reason, r -> Counter.builder("webtrunk.protection.drops").tag("reason", r)
                    .description("packets, messages or connections dropped without an answer").register(registry));
        }
        c.increment();
    }

    void rejected(String reason) {
        Counter c = rejects.get(reason);
        if (c == null) {
            c = rejects.computeIfAbsent(reason, r -> Counter.builder("webtrunk.protection.rejects").tag("reason", r)
                    .description("requests answered with an error by protection").register(registry));
        }
        c.increment();
    }

    /** An entry pushed out of a full table (not expired): the table is at its bound. */
    void evicted(String table) {
        Counter c = evictions.get(table);
        if (c == null) {
            c = evictions.computeIfAbsent(table, t -> Counter.builder("webtrunk.protection.evictions")
                    .tag("table", t).description("entries evicted from a full protection table").register(registry));
        }
        c.increment();
    }

    void unknownNumber() {
        unknownNumbers.increment();
    }
}
