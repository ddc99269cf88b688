package org.webtrunk.gateway.tenant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.webtrunk.gateway.config.TrunkConfig;
import org.webtrunk.gateway.config.TrunkTlsConfig;

class TargetProberTest {
    private final TrunkConfig trunkConfig = new TrunkConfig("pbx",
            List.of(Fixtures.target("sip:127.0.0.1:5090", 10, 1), Fixtures.target("sip:127.0.0.2:5090", 10, 1)),
            List.of(), List.of(), Duration.ofSeconds(30), 1, Duration.ofSeconds(4), TrunkTlsConfig.DEFAULTS);
    private final TenantDirectory directory = Fixtures.directory(trunkConfig);
    private final TrunkTarget a = directory.trunks().get(0).targets().get(0);
    private final TrunkTarget b = directory.trunks().get(0).targets().get(1);
    private final TargetHealth health = new TargetHealth(directory.trunks(), new SimpleMeterRegistry());
    /** Its event loop is a deterministic scheduler: time moves only when the test says so. */
    private final EmbeddedChannel loop = new EmbeddedChannel();
    private final List<TrunkTarget> probed = new ArrayList<>();
    private final List<CompletableFuture<Boolean>> answers = new ArrayList<>();
    private final TargetProber prober = new TargetProber(health, t -> {
        probed.add(t);
        CompletableFuture<Boolean> f = new CompletableFuture<>();
        answers.add(f);
        return f;
    }, loop.eventLoop());

    {
        loop.freezeTime();
    }

    @AfterEach
    void stop() {
        prober.close();
        assertFalse(loop.finish());
    }

    private void advance(int seconds) {
        loop.advanceTimeBy(seconds, TimeUnit.SECONDS);
        loop.runScheduledPendingTasks();
        loop.runPendingTasks();
    }

    @Test
    void upTargetsAreNotProbed() {
        prober.start();
        advance(120);
        assertEquals(List.of(), probed);
        assertEquals(0, prober.probing());
    }

    @Test
    void aDownTargetIsProbedEveryIntervalUntilItAnswers() {
        prober.start();
        health.recordFailure(a);
        assertEquals(1, prober.probing());
        advance(29);
        assertEquals(List.of(), probed, "not before the interval");
        advance(1);
        assertEquals(List.of(a), probed);
        answers.get(0).complete(false);
        assertTrue(health.isDown(a));
        advance(30);
        assertEquals(List.of(a, a), probed);
        answers.get(1).complete(true);
        assertFalse(health.isDown(a), "a successful probe marks it up");
        assertEquals(0, prober.probing());
        advance(120);
        assertEquals(2, probed.size(), "an up target is no longer probed");
    }

    @Test
    void targetsAlreadyDownAtStartAreProbed() {
        health.recordFailure(b);
        prober.start();
        advance(30);
        assertEquals(List.of(b), probed);
    }

    @Test
    void anUnansweredProbeTimesOutAndNeverOverlaps() {
        prober.start();
        health.recordFailure(a);
        advance(30);
        assertEquals(1, probed.size());
        advance(4);
        assertTrue(health.isDown(a), "a probe that never answers is a failure");
        advance(26);
        assertEquals(2, probed.size(), "after the timeout the next probe goes out");
        answers.get(0).complete(true);
        assertTrue(health.isDown(a), "a late answer to a timed-out probe does not count");
        answers.get(1).complete(true);
        assertFalse(health.isDown(a));
    }

    @Test
    void aProbeThatThrowsCountsAsFailedAndProbingGoesOn() {
        int[] calls = {0};
        TargetProber throwing = new TargetProber(health, t -> {
            calls[0]++;
            if (calls[0] == 1) {
                throw new IllegalStateException("transaction layer not ready");
            }
            return CompletableFuture.completedFuture(true);
        }, loop.eventLoop());
        throwing.start();
        health.recordFailure(a);
        advance(30);
        assertTrue(health.isDown(a));
        advance(30);
        assertFalse(health.isDown(a));
        throwing.close();
    }

    @Test
    void closeStopsProbing() {
        prober.start();
        health.recordFailure(a);
        prober.close();
        advance(120);
        assertEquals(List.of(), probed);
        health.recordSuccess(a);
        health.recordFailure(a);
        advance(120);
        assertEquals(List.of(), probed);
    }
}
