package org.webtrunk.gateway.token;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * The service's counters: {@code webtrunk.token.exchanges{outcome, tenant}} and
 * {@code webtrunk.token.preflights{outcome}}. Tags come from fixed sets (outcomes, configured tenants, or
 * {@code none}), so the number of series is bounded whatever clients send.
 */
final class TokenMetrics {
    static final String EXCHANGES = "webtrunk.token.exchanges";
    static final String PREFLIGHTS = "webtrunk.token.preflights";
    private static final String NO_TENANT = "none";

    private final MeterRegistry registry;

    TokenMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** @param tenant a configured tenant, or null */
    void exchange(TokenOutcome outcome, String tenant) {
        registry.counter(EXCHANGES, "outcome", outcome.tag(), "tenant", tenant == null ? NO_TENANT : tenant).increment();
    }

    void preflight(boolean allowed) {
        registry.counter(PREFLIGHTS, "outcome", allowed ? "allowed" : "refused").increment();
    }
}
