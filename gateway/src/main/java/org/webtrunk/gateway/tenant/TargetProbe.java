package org.webtrunk.gateway.tenant;

import java.util.concurrent.CompletionStage;

/**
 * Asks a target whether it is alive, in practice with an OPTIONS request (RFC 3261 §11) sent through the
 * transaction layer. Completes with true for any final response but 503 (a 404 or 405 still proves the
 * target is there), false otherwise.
 */
@FunctionalInterface
public interface TargetProbe {
    CompletionStage<Boolean> probe(TrunkTarget target);
}
