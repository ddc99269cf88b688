package org.webtrunk.gateway.protection;

import java.util.Locale;

/** Each limit, as the {@code limit} tag of {@code webtrunk_protection_limit_hits_total}. */
public enum Limit {
    CONNECTIONS_PER_ADDRESS,
    CONNECTIONS_TOTAL,
    HANDSHAKES_IN_PROGRESS,
    REQUEST_RATE,
    CALL_RATE,
    CONCURRENT_CALLS,
    REGISTRATIONS;

    public String tag() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
