package org.webtrunk.gateway.tenant;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/**
 * Orders targets the way DNS SRV does (RFC 2782): trunks in their configured order, within a trunk by
 * priority (lower first), and among equal priorities by a weighted random draw without replacement, so load
 * spreads in proportion to weight. Targets marked down are left out, unless every target of every trunk is
 * down: then all are tried, because a call that might fail beats one that surely fails.
 */
public final class TrunkSelector implements TargetSelectionStrategy {
    private static final Comparator<TrunkTarget> BY_PRIORITY = Comparator.comparingInt(TrunkTarget::priority);

    private final TargetHealth health;
    private final RandomGenerator random;

    /** Uses {@link ThreadLocalRandom}, safe from any thread. */
    public TrunkSelector(TargetHealth health) {
        this(health, () -> ThreadLocalRandom.current().nextLong());
    }

    /** @param random source of the weighted draws; a seeded one makes plans reproducible in tests */
    public TrunkSelector(TargetHealth health, RandomGenerator random) {
        this.health = Objects.requireNonNull(health, "health");
        this.random = Objects.requireNonNull(random, "random");
    }

    @Override
    public List<TrunkTarget> plan(List<Trunk> trunks) {
        boolean anyUp = false;
        for (Trunk trunk : trunks) {
            for (TrunkTarget t : trunk.targets()) {
                if (!health.isDown(t)) {
                    anyUp = true;
                }
            }
        }
        List<TrunkTarget> plan = new ArrayList<>();
        for (Trunk trunk : trunks) {
            List<TrunkTarget> candidates = new ArrayList<>(trunk.targets().size());
            for (TrunkTarget t : trunk.targets()) {
                if (!anyUp || !health.isDown(t)) {
                    candidates.add(t);
                }
            }
            candidates.sort(BY_PRIORITY);
            int from = 0;
            while (from < candidates.size()) {
                int to = from;
                while (to < candidates.size() && candidates.get(to).priority() == candidates.get(from).priority()) {
                    to++;
                }
                weightedOrder(candidates.subList(from, to), plan);
                from = to;
            }
        }
        return plan;
    }

    /** RFC 2782's selection: draw by running weight sums, remove the chosen one, repeat. */
    private void weightedOrder(List<TrunkTarget> group, List<TrunkTarget> out) {
        if (group.size() == 1) {
            out.add(group.get(0));
            return;
        }
        List<TrunkTarget> left = new ArrayList<>(group);
        long total = 0;
        for (TrunkTarget t : left) {
            total += t.weight();
        }
        while (!left.isEmpty()) {
            long r = random.nextLong(total);
            int i = 0;
            long sum = left.get(0).weight();
            while (sum <= r) {
                i++;
                sum += left.get(i).weight();
            }
            TrunkTarget chosen = left.remove(i);
            total -= chosen.weight();
            out.add(chosen);
        }
    }
}
