package org.webtrunk.gateway.sanity;

import java.util.List;

/** A failed check with the exact reply: status, reason phrase and extra header lines (e.g. Unsupported). */
public record SanityFailure(SanityCheck check, int status, String reason, List<String> headers) {
    static SanityFailure of(SanityCheck check) {
        return new SanityFailure(check, check.status(), check.reason(), List.of());
    }

    static SanityFailure of(SanityCheck check, String reason) {
        return new SanityFailure(check, check.status(), reason, List.of());
    }
}
