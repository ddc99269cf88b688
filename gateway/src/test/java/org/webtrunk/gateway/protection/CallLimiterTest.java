package org.webtrunk.gateway.protection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.webtrunk.gateway.config.ProtectionConfig;
import org.webtrunk.gateway.config.ProtectionConfig.LimitRefusal;

class CallLimiterTest {
    private final Fixtures f = new Fixtures();

    private CallLimiter limiter(int perSecond, int concurrent, LimitRefusal refusal) {
        ProtectionConfig c = Fixtures.withLimits(Fixtures.config(), l -> Fixtures.calls(l, perSecond, concurrent, refusal));
        return new CallLimiter(c, f.metrics, f.clock);
    }

    @Test
    void concurrentCallsAreLimitedAndAReleaseIsIdempotent() {
        CallLimiter l = limiter(1000, 2, LimitRefusal.SERVICE_UNAVAILABLE);
        CallLimiter.Admission one = l.tryStartCall("acme");
        assertTrue(one.admitted());
        assertTrue(l.tryStartCall("acme").admitted());
        CallLimiter.Admission third = l.tryStartCall("acme");
        assertFalse(third.admitted());
        assertNull(third.permit());
        assertEquals(503, third.decision().status());
        assertEquals(List.of("Retry-After: 5"), third.decision().headers());
        assertTrue(l.tryStartCall("other").admitted());

        one.permit().release();
        one.permit().release();
        one.permit().close();
        assertTrue(one.permit().isReleased());
        assertEquals(1, l.activeCalls("acme"));
        assertTrue(l.tryStartCall("acme").admitted());
        assertFalse(l.tryStartCall("acme").admitted());
        assertEquals(2.0, f.counter("webtrunk.protection.limit.hits", "limit", "concurrent-calls"));
    }

    @Test
    void newCallsPerSecondAreLimitedWithTheConfiguredAnswer() {
        CallLimiter l = limiter(3, 100, LimitRefusal.BUSY_HERE);
        for (int i = 0; i < 3; i++) {
            l.tryStartCall("acme").permit().release();
        }
        CallLimiter.Admission refused = l.tryStartCall("acme");
        assertFalse(refused.admitted());
        assertEquals(486, refused.decision().status());
        assertEquals("Busy Here", refused.decision().reason());
        assertEquals(List.of(), refused.decision().headers());
        f.ticker.advance(Duration.ofSeconds(1));
        assertTrue(l.tryStartCall("acme").admitted());
        CallLimiter busy = limiter(100, 1, LimitRefusal.TEMPORARILY_UNAVAILABLE);
        assertTrue(busy.tryStartCall("t").admitted());
        assertEquals(480, busy.tryStartCall("t").decision().status());
    }

    /** 8 threads start and end calls against a limit of 5: never more than 5 at once, none left at the end. */
    @Test
    void theConcurrentCountIsExactUnderContention() throws Exception {
        int limit = 5;
        CallLimiter l = limiter(Integer.MAX_VALUE, limit, LimitRefusal.SERVICE_UNAVAILABLE);
        AtomicInteger inCall = new AtomicInteger();
        AtomicInteger maxSeen = new AtomicInteger();
        AtomicInteger admitted = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < 10_000; i++) {
                        CallLimiter.Admission a = l.tryStartCall("acme");
                        if (a.admitted()) {
                            admitted.incrementAndGet();
                            int now = inCall.incrementAndGet();
                            maxSeen.accumulateAndGet(now, Math::max);
                            inCall.decrementAndGet();
                            a.permit().release();
                            a.permit().release();
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> fut : futures) {
                fut.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertTrue(maxSeen.get() <= limit, "max in call " + maxSeen.get());
        assertTrue(admitted.get() > 0);
        assertEquals(0, l.activeCalls("acme"));
    }
}
