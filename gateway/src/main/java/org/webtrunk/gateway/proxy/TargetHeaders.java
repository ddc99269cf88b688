package org.webtrunk.gateway.proxy;

import java.util.List;
import java.util.Set;

/**
 * Header changes a target wants on every request sent to it, on top of the request's own (a trunk's
 * {@code strip-headers} and {@code add-headers}). Implemented by a {@link Target}'s origin, so a failover to a
 * target of another trunk gets that trunk's headers.
 */
public interface TargetHeaders {
    /** Lower-case names of headers removed. */
    Set<String> stripHeaders();

    /** Whole header lines added, e.g. {@code "X-Tenant: acme"}. */
    List<String> addHeaderLines();
}
