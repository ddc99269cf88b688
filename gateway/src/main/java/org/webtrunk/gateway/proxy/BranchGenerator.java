package org.webtrunk.gateway.proxy;

import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.webtrunk.gateway.proxy.transaction.TransactionKey;

/**
 * Via branches unique in space and time (RFC 3261 §8.1.1.7): the magic cookie, a random prefix chosen at
 * start (so two gateways, or one restarted, never collide) and a counter. One atomic increment per
 * branch, no random draw per request.
 */
final class BranchGenerator {
    private final String prefix;
    private final AtomicLong counter = new AtomicLong();

    BranchGenerator() {
        this(new SecureRandom());
    }

    BranchGenerator(java.util.Random random) {
        this.prefix = TransactionKey.MAGIC_COOKIE + "-wt" + Long.toString(random.nextLong() >>> 20, 36) + ".";
    }

    String next() {
        return prefix + Long.toString(counter.incrementAndGet(), 36);
    }
}
