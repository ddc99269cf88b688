package org.webtrunk.gateway.tenant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.HashSet;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TrunkSelectorTest {

    private static List<String> labels(List<TrunkTarget> plan) {
        return plan.stream().map(t -> t.host()).toList();
    }

    @Test
    void lowerPriorityComesFirst() {
        TenantDirectory d = Fixtures.directory(Fixtures.trunk("t", 1,
                Fixtures.target("sip:127.0.0.3", 20, 1),
                Fixtures.target("sip:127.0.0.1", 5, 1),
                Fixtures.target("sip:127.0.0.2", 10, 100)));
        TrunkSelector selector = new TrunkSelector(new TargetHealth(d.trunks(), new SimpleMeterRegistry()),
                new SplittableRandom(1));
        assertEquals(List.of("127.0.0.1", "127.0.0.2", "127.0.0.3"), labels(selector.plan(d.trunks().get(0))));
    }

    @Test
    void equalPriorityIsSharedByWeight() {
        TenantDirectory d = Fixtures.directory(Fixtures.trunk("t", 1,
                Fixtures.target("sip:127.0.0.1", 10, 3),
                Fixtures.target("sip:127.0.0.2", 10, 1),
                Fixtures.target("sip:127.0.0.9", 20, 50)));
        TrunkSelector selector = new TrunkSelector(new TargetHealth(d.trunks(), new SimpleMeterRegistry()),
                new SplittableRandom(42));
        int heavyFirst = 0;
        int runs = 10_000;
        for (int i = 0; i < runs; i++) {
            List<String> plan = labels(selector.plan(d.trunks().get(0)));
            assertEquals(3, plan.size());
            assertEquals(new HashSet<>(List.of("127.0.0.1", "127.0.0.2")), new HashSet<>(plan.subList(0, 2)),
                    "the priority-10 pair comes before priority 20");
            assertEquals("127.0.0.9", plan.get(2));
            if (plan.get(0).equals("127.0.0.1")) {
                heavyFirst++;
            }
        }
        // Expected 7,500 (weight 3 of 4); the standard deviation is about 43, so this bound holds for any seed.
        assertTrue(heavyFirst > 7_000 && heavyFirst < 8_000, "weight-3 target first in " + heavyFirst + " of " + runs);
    }

    @Test
    void downTargetsAreSkipped() {
        TenantDirectory d = Fixtures.directory(Fixtures.trunk("t", 1,
                Fixtures.target("sip:127.0.0.1", 1, 1),
                Fixtures.target("sip:127.0.0.2", 2, 1),
                Fixtures.target("sip:127.0.0.3", 3, 1)));
        TargetHealth health = new TargetHealth(d.trunks(), new SimpleMeterRegistry());
        TrunkSelector selector = new TrunkSelector(health, new SplittableRandom(1));
        health.recordFailure(d.trunks().get(0).targets().get(0));
        assertEquals(List.of("127.0.0.2", "127.0.0.3"), labels(selector.plan(d.trunks().get(0))));
    }

    @Test
    void whenEveryTargetIsDownAllAreTriedInOrder() {
        TenantDirectory d = Fixtures.directory(Fixtures.trunk("t", 1,
                Fixtures.target("sip:127.0.0.2", 2, 1),
                Fixtures.target("sip:127.0.0.1", 1, 1)));
        TargetHealth health = new TargetHealth(d.trunks(), new SimpleMeterRegistry());
        d.trunks().get(0).targets().forEach(health::recordFailure);
        TrunkSelector selector = new TrunkSelector(health, new SplittableRandom(1));
        assertEquals(List.of("127.0.0.1", "127.0.0.2"), labels(selector.plan(d.trunks().get(0))));
    }

    @Test
    void trunksFailOverInOrderAndADeadTrunkIsSkipped() {
        TenantDirectory d = Fixtures.directory(
                Fixtures.trunk("main", 1, Fixtures.target("sip:127.0.0.1", 10, 1)),
                Fixtures.trunk("backup", 1, Fixtures.target("sip:127.0.0.2", 1, 1)));
        TargetHealth health = new TargetHealth(d.trunks(), new SimpleMeterRegistry());
        TrunkSelector selector = new TrunkSelector(health, new SplittableRandom(1));
        assertEquals(List.of("127.0.0.1", "127.0.0.2"), labels(selector.plan(d.trunks())),
                "trunk order before priority across trunks");
        health.recordFailure(d.trunks().get(0).targets().get(0));
        assertEquals(List.of("127.0.0.2"), labels(selector.plan(d.trunks())));
    }

    @Test
    void defaultConstructorWorksFromAnyThread() throws Exception {
        TenantDirectory d = Fixtures.directory(Fixtures.trunk("t", 1,
                Fixtures.target("sip:127.0.0.1", 1, 1), Fixtures.target("sip:127.0.0.2", 1, 1)));
        TrunkSelector selector = new TrunkSelector(new TargetHealth(d.trunks(), new SimpleMeterRegistry()));
        Thread other = new Thread(() -> assertEquals(2, selector.plan(d.trunks().get(0)).size()));
        other.start();
        other.join(10_000);
        assertEquals(2, selector.plan(d.trunks().get(0)).size());
    }
}
