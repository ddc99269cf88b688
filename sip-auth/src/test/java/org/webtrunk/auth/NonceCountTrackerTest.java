package org.webtrunk.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.webtrunk.auth.NonceCountTracker.Verdict.ACCEPTED;
import static org.webtrunk.auth.NonceCountTracker.Verdict.REPLAY;
import static org.webtrunk.auth.NonceCountTracker.Verdict.TOO_OLD;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class NonceCountTrackerTest {

    @Test
    void countsMustIncrease() {
        NonceCountTracker t = new NonceCountTracker(100);
        long n1 = t.next();
        long n2 = t.next();
        assertEquals(REPLAY, t.accept(n1, 0), "counts start at 1");
        assertEquals(ACCEPTED, t.accept(n1, 1));
        assertEquals(REPLAY, t.accept(n1, 1), "same nc again");
        assertEquals(ACCEPTED, t.accept(n1, 3));
        assertEquals(REPLAY, t.accept(n1, 2), "nc going back");
        assertEquals(ACCEPTED, t.accept(n2, 1), "another nonce has its own counts");
        assertEquals(ACCEPTED, t.accept(n2, 0xffff_fffeL), "the count is unsigned 32 bits");
        assertEquals(ACCEPTED, t.accept(n2, 0xffff_ffffL));
        assertEquals(REPLAY, t.accept(n2, 5));
    }

    @Test
    void theRetransmissionOfTheRequestThatSetTheCountIsAcceptedAgain() {
        NonceCountTracker t = new NonceCountTracker(100);
        long n1 = t.next();
        assertEquals(ACCEPTED, t.accept(n1, 1, "z9hG4bK-a|/10.0.0.1:5060"));
        assertEquals(ACCEPTED, t.accept(n1, 1, "z9hG4bK-a|/10.0.0.1:5060"), "the same request, its answer lost");
        assertEquals(REPLAY, t.accept(n1, 1, "z9hG4bK-a|/10.0.0.9:5060"), "the same answer from elsewhere");
        assertEquals(REPLAY, t.accept(n1, 1, "z9hG4bK-b|/10.0.0.1:5060"), "another request with the same count");
        assertEquals(REPLAY, t.accept(n1, 1, null), "no key: every repeat is a replay");
        assertEquals(ACCEPTED, t.accept(n1, 2, "z9hG4bK-c|/10.0.0.1:5060"));
        assertEquals(REPLAY, t.accept(n1, 1, "z9hG4bK-a|/10.0.0.1:5060"), "an older request is no longer the latest");
    }

    @Test
    void aReplayStaysRefusedWhileOthersFloodTheTableAndIsStaleOnceItsNonceLeavesTheWindow() {
        int window = 5_000; // more than one page of slots, fewer than two
        NonceCountTracker t = new NonceCountTracker(window);
        long first = t.next();
        assertEquals(ACCEPTED, t.accept(first, 1));
        for (int i = 1; i < window; i++) {
            assertEquals(ACCEPTED, t.accept(t.next(), 1));
            if (i % 997 == 0) {
                assertEquals(REPLAY, t.accept(first, 1), "still tracked after " + i + " newer nonces");
            }
        }
        assertEquals(REPLAY, t.accept(first, 1), "the oldest nonce of a full window");
        long newest = t.next();
        assertEquals(TOO_OLD, t.accept(first, 1), "out of the window: stale, never accepted again");
        assertEquals(TOO_OLD, t.accept(first, 2));
        assertEquals(ACCEPTED, t.accept(newest, 1));
    }

    @Test
    void nonceSerialsThisTrackerDidNotIssueAreTooOld() {
        NonceCountTracker t = new NonceCountTracker(100, Long.MAX_VALUE - 1); // serials wrap around
        long a = t.next();
        long b = t.next();
        assertEquals(Long.MIN_VALUE, b);
        assertEquals(ACCEPTED, t.accept(a, 1));
        assertEquals(ACCEPTED, t.accept(b, 1));
        assertEquals(TOO_OLD, t.accept(b + 1, 1), "not issued yet (another instance's, or forged with the key)");
        assertEquals(TOO_OLD, t.accept(a - 100, 1), "from before this run");
    }

    @Test
    void concurrentAnswersAcceptEachCountOfEachNonceOnce() throws Exception {
        NonceCountTracker t = new NonceCountTracker(10_000);
        long[] serials = new long[2_000];
        for (int i = 0; i < serials.length; i++) {
            serials[i] = t.next();
        }
        AtomicInteger accepted = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int thread = 0; thread < 4; thread++) {
                done.add(pool.submit(() -> {
                    for (long serial : serials) {
                        for (long nc = 1; nc <= 3; nc++) {
                            if (t.accept(serial, nc) == ACCEPTED) {
                                accepted.incrementAndGet();
                            }
                        }
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        // each (nonce, count) pair at most once; at least once per nonce (whoever comes first with nc=1 wins)
        int total = accepted.get();
        assertTrue(total >= serials.length && total <= 3 * serials.length, "accepted " + total);
        for (long serial : serials) {
            assertEquals(REPLAY, t.accept(serial, 3), "count 3 was taken or passed for every nonce");
        }
    }
}
