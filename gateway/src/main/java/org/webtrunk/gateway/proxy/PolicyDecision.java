package org.webtrunk.gateway.proxy;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/** What a {@link RequestPolicy} decided for one request. */
public sealed interface PolicyDecision {

    /** Route as usual: Route headers naming us, else the planner. */
    record Proceed() implements PolicyDecision {
    }

    /** Answer the request here (a challenge, a refusal, or 200 to REGISTER/OPTIONS). */
    record Answer(int status, String reason, List<String> headers) implements PolicyDecision {
        public Answer {
            Objects.requireNonNull(reason, "reason");
            headers = List.copyOf(headers);
        }
    }

    /**
     * Forward to these targets in failover order, with the Request-URI retargeted. {@code stripHeaders}
     * are lower-case full header names removed before forwarding (credentials, trunk policy);
     * {@code addHeaders} are whole header lines added (e.g. a tenant header).
     */
    record Route(List<Target> targets, Set<String> stripHeaders, List<String> addHeaders) implements PolicyDecision {
        public Route {
            targets = List.copyOf(targets);
            stripHeaders = Set.copyOf(stripHeaders);
            addHeaders = List.copyOf(addHeaders);
        }
    }

    static PolicyDecision proceed() {
        return new Proceed();
    }

    static PolicyDecision answer(int status, String reason, String... headers) {
        return new Answer(status, reason, List.of(headers));
    }
}
