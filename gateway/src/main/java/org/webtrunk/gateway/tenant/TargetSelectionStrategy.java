package org.webtrunk.gateway.tenant;

import java.util.List;

/**
 * Decides the order in which a call tries trunk targets. Deciding is kept apart from sending: the proxy walks
 * the plan, moving to the next target on timeout, 503 or transport failure, and answers the caller 408/503
 * only when the plan is exhausted.
 */
@FunctionalInterface
public interface TargetSelectionStrategy {

    /** The failover plan over {@code trunks} (in their failover order); never empty when a trunk has targets. */
    List<TrunkTarget> plan(List<Trunk> trunks);

    default List<TrunkTarget> plan(Trunk trunk) {
        return plan(List.of(trunk));
    }
}
