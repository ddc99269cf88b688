package org.webtrunk.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;

class NonceCountTrackerTest {
    private final AtomicLong nanos = new AtomicLong();
    private final LongSupplier ticker = nanos::get;

    @Test
    void countsMustIncrease() {
        NonceCountTracker t = new NonceCountTracker(100, Duration.ofSeconds(30), ticker);
        assertTrue(t.accept("n1", 1));
        assertFalse(t.accept("n1", 1), "same nc again");
        assertTrue(t.accept("n1", 3));
        assertFalse(t.accept("n1", 2), "nc going back");
        assertTrue(t.accept("n2", 1), "another nonce has its own counts");
    }

    @Test
    void theRetransmissionOfTheRequestThatSetTheCountIsAcceptedAgain() {
        NonceCountTracker t = new NonceCountTracker(100, Duration.ofSeconds(30), ticker);
        assertTrue(t.accept("n1", 1, "z9hG4bK-a|/10.0.0.1:5060"));
        assertTrue(t.accept("n1", 1, "z9hG4bK-a|/10.0.0.1:5060"), "the same request, its answer lost");
        assertFalse(t.accept("n1", 1, "z9hG4bK-a|/10.0.0.9:5060"), "the same answer from elsewhere is a replay");
        assertFalse(t.accept("n1", 1, "z9hG4bK-b|/10.0.0.1:5060"), "another request with the same count");
        assertFalse(t.accept("n1", 1, null), "no key: every repeat is a replay");
        assertTrue(t.accept("n1", 2, "z9hG4bK-c|/10.0.0.1:5060"));
        assertFalse(t.accept("n1", 1, "z9hG4bK-a|/10.0.0.1:5060"), "an older request is no longer the latest");
    }

    @Test
    void aReplayIsRefusedForTheWholeNonceLifetimeAcrossGenerations() {
        NonceCountTracker t = new NonceCountTracker(100, Duration.ofSeconds(30), ticker);
        nanos.addAndGet(Duration.ofSeconds(29).toNanos());
        assertTrue(t.accept("n1", 1), "first use, late in the first generation");
        nanos.addAndGet(Duration.ofSeconds(29).toNanos()); // 58 s: a new generation, the nonce still valid
        assertFalse(t.accept("n1", 1), "replay one generation later");
        assertTrue(t.accept("n1", 2));
        assertFalse(t.accept("n1", 2), "replay of the count set in the old generation");
    }

    @Test
    void entriesAreDroppedTwoLifetimesAfterTheirGenerationStarted() {
        NonceCountTracker t = new NonceCountTracker(100, Duration.ofSeconds(30), ticker);
        t.accept("n1", 1);
        assertEquals(1, t.size());
        nanos.addAndGet(Duration.ofSeconds(31).toNanos());
        assertEquals(1, t.size(), "kept while the nonce may still be valid");
        nanos.addAndGet(Duration.ofSeconds(30).toNanos());
        assertEquals(0, t.size());
    }

    @Test
    void tableIsBounded() {
        NonceCountTracker t = new NonceCountTracker(50, Duration.ofSeconds(30), ticker);
        for (int i = 0; i < 1000; i++) {
            assertTrue(t.accept("n" + i, 1));
        }
        assertTrue(t.size() <= 50, "size " + t.size());
        assertFalse(t.accept("n999", 1), "the newest are the ones kept");
    }
}
