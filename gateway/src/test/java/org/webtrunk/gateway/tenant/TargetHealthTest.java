package org.webtrunk.gateway.tenant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TargetHealthTest {
    private final TenantDirectory directory = Fixtures.directory(Fixtures.trunk("pbx", 3,
            Fixtures.target("sip:127.0.0.1:5090", 10, 1), Fixtures.target("sip:127.0.0.2:5090", 10, 1)));
    private final TrunkTarget a = directory.trunks().get(0).targets().get(0);
    private final TrunkTarget b = directory.trunks().get(0).targets().get(1);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final TargetHealth health = new TargetHealth(directory.trunks(), registry);
    private final List<String> changes = new ArrayList<>();

    {
        health.addListener((t, up) -> changes.add(t.label() + (up ? " up" : " down")));
    }

    private double gauge(TrunkTarget t) {
        return registry.get("webtrunk.trunk.target.up").tag("trunk", "pbx").tag("target", t.label()).gauge().value();
    }

    @Test
    void downAfterNConsecutiveFailures() {
        assertFalse(health.recordFailure(a));
        assertFalse(health.recordFailure(a));
        assertFalse(health.isDown(a));
        assertEquals(1.0, gauge(a));
        assertTrue(health.recordFailure(a), "the third failure marks it down");
        assertTrue(health.isDown(a));
        assertFalse(health.isDown(b));
        assertEquals(List.of(a), health.downTargets());
        assertEquals(0.0, gauge(a));
        assertEquals(1.0, gauge(b));
        assertFalse(health.recordFailure(a), "already down: no second change");
        assertEquals(List.of("udp:127.0.0.1:5090 down"), changes);
        assertEquals(4.0, registry.get("webtrunk.trunk.target.failures").tag("target", a.label()).counter().count());
    }

    @Test
    void aSuccessInBetweenResetsTheCount() {
        health.recordFailure(a);
        health.recordFailure(a);
        health.recordSuccess(a);
        assertEquals(0, health.consecutiveFailures(a));
        health.recordFailure(a);
        health.recordFailure(a);
        assertFalse(health.isDown(a));
        assertEquals(List.of(), changes);
    }

    @Test
    void aSuccessMarksItUpAgain() {
        for (int i = 0; i < 3; i++) {
            health.recordFailure(a);
        }
        health.recordSuccess(a);
        assertFalse(health.isDown(a));
        assertEquals(List.of(), health.downTargets());
        assertEquals(1.0, gauge(a));
        assertEquals(List.of("udp:127.0.0.1:5090 down", "udp:127.0.0.1:5090 up"), changes);
    }

    @Test
    void unknownTargetsAreIgnored() {
        TrunkTarget stranger = Fixtures.directory(Fixtures.trunk("x", 1, Fixtures.target("sip:127.0.0.9", 1, 1)))
                .trunks().get(0).targets().get(0);
        assertFalse(health.recordFailure(stranger));
        assertFalse(health.isDown(stranger));
        assertEquals(List.of(), health.downTargets());
    }

    @Test
    void concurrentFailuresMarkDownExactlyOnce() throws Exception {
        TenantDirectory d = Fixtures.directory(Fixtures.trunk("many", 1000, Fixtures.target("sip:127.0.0.1", 1, 1)));
        TrunkTarget t = d.trunks().get(0).targets().get(0);
        TargetHealth h = new TargetHealth(d.trunks(), new SimpleMeterRegistry());
        List<Boolean> downs = java.util.Collections.synchronizedList(new ArrayList<>());
        h.addListener((x, up) -> downs.add(up));
        Thread[] threads = new Thread[4];
        for (int i = 0; i < threads.length; i++) {
            threads[i] = new Thread(() -> {
                for (int j = 0; j < 500; j++) {
                    h.recordFailure(t);
                }
            });
            threads[i].start();
        }
        for (Thread th : threads) {
            th.join(10_000);
        }
        assertEquals(2000, h.consecutiveFailures(t));
        assertEquals(List.of(false), downs);
    }

    @Test
    void aRebuiltTableAfterCloseReportsItsOwnState() {
        for (int i = 0; i < 3; i++) {
            health.recordFailure(a);
        }
        assertEquals(0.0, gauge(a));
        health.close();
        TargetHealth rebuilt = new TargetHealth(directory.trunks(), registry);
        assertEquals(1.0, gauge(a), "the new table's gauge, not the closed one's");
        rebuilt.close();
    }
}
