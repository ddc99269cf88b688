package org.webtrunk.auth;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Replay protection for qop=auth (<a href="https://datatracker.ietf.org/doc/html/rfc7616#section-5.5">RFC 7616
 * §5.5</a>): the highest nonce-count accepted per nonce; a count that does not increase is a replay.
 *
 * <p>Every nonce carries a serial number handed out here ({@link #next()}), as Kamailio's auth module carries a
 * nonce id into its nc array: the last {@code window} serials each own a slot of a fixed table, so recording a
 * count is a write into an array, with no hashing, no allocation and nothing to expire. An answer to a nonce more
 * than {@code window} challenges old, or to one this process did not issue (serials start at a random number, so a
 * nonce from before a restart falls outside), is {@link Verdict#TOO_OLD}: the caller treats it as stale and the
 * client retries with a fresh nonce without asking its user. A flood of challenges thus shortens how long a nonce
 * stays usable, and never makes a replay acceptable again.
 *
 * <p>A request answered without transaction state (a REGISTER over UDP, answered as Kamailio's {@code sl} does)
 * comes back whole when its answer is lost: the same nonce and count from the same request. When the caller
 * names the request ({@code requestKey}: its Via branch and source address), that exact retransmission of the
 * request that set the highest count is accepted again; any other repeat is a replay.
 *
 * <p>Memory: 20 bytes per slot, the slots rounded up to a power of two, allocated in pages of 4,096 as serials
 * reach them (the default window of 100,000 takes 2.6 MB once 131,072 challenges have been issued).
 */
final class NonceCountTracker {
    enum Verdict { ACCEPTED, REPLAY, TOO_OLD }

    private static final int PAGE_BITS = 12;
    private static final int PAGE_SIZE = 1 << PAGE_BITS;
    private static final int LOCK_STRIPES = 64;

    private final long window;
    private final long slotMask;
    private final AtomicLong lastIssued;
    private final AtomicReferenceArray<Page> pages;
    private final Object[] locks = new Object[LOCK_STRIPES];

    /** One page of slots; a slot is guarded by {@code locks[slot % LOCK_STRIPES]}. */
    private static final class Page {
        final long[] serial = new long[PAGE_SIZE];
        final int[] nc = new int[PAGE_SIZE];
        final String[] requestKey = new String[PAGE_SIZE];

        Page(long firstSlot) {
            // an empty slot holds a serial of the next slot, which no serial of this slot can equal
            for (int i = 0; i < PAGE_SIZE; i++) {
                serial[i] = firstSlot + i + 1;
            }
        }
    }

    NonceCountTracker(long window) {
        this(window, new SecureRandom().nextLong());
    }

    /** @param firstSerial the serial before the first one issued; tests pick it, production draws it at random */
    NonceCountTracker(long window, long firstSerial) {
        if (window < 1) {
            throw new IllegalArgumentException("window must be positive: " + window);
        }
        this.window = window;
        long slots = Math.max(PAGE_SIZE, Long.highestOneBit(window - 1) << 1);
        this.slotMask = slots - 1;
        this.pages = new AtomicReferenceArray<>((int) (slots >>> PAGE_BITS));
        this.lastIssued = new AtomicLong(firstSerial);
        Arrays.setAll(locks, i -> new Object());
    }

    /** The serial for a new nonce. */
    long next() {
        return lastIssued.incrementAndGet();
    }

    /** Records {@code nc} for the nonce numbered {@code serial}. */
    Verdict accept(long serial, long nc) {
        return accept(serial, nc, null);
    }

    /**
     * The same, and {@link Verdict#ACCEPTED} again for the request that set the highest count when it is
     * retransmitted ({@code requestKey} equal and not null).
     */
    Verdict accept(long serial, long nc, String requestKey) {
        long age = lastIssued.get() - serial;
        if (age < 0 || age >= window) {
            return Verdict.TOO_OLD;
        }
        long slot = serial & slotMask;
        Page page = page(slot);
        int i = (int) (slot & (PAGE_SIZE - 1));
        int count = (int) Math.min(nc, 0xffff_ffffL); // nc is 8 hex digits (RFC 7616 §3.4): unsigned 32 bits
        synchronized (locks[(int) (slot % LOCK_STRIPES)]) {
            // a slot holding another serial held one over a window older: this is the nonce's first answer
            boolean seen = page.serial[i] == serial;
            int highest = seen ? page.nc[i] : 0;
            if (Integer.compareUnsigned(count, highest) > 0) {
                page.serial[i] = serial;
                page.nc[i] = count;
                page.requestKey[i] = requestKey;
                return Verdict.ACCEPTED;
            }
            return seen && count == highest && requestKey != null && requestKey.equals(page.requestKey[i])
                    ? Verdict.ACCEPTED : Verdict.REPLAY;
        }
    }

    private Page page(long slot) {
        int p = (int) (slot >>> PAGE_BITS);
        Page page = pages.get(p);
        if (page == null) {
            pages.compareAndSet(p, null, new Page((long) p << PAGE_BITS));
            page = pages.get(p);
        }
        return page;
    }
}
