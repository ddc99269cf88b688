package org.webtrunk.gateway.proxy;

import java.util.concurrent.atomic.LongAdder;

/** Counters of the proxy, for the admin API and metrics; thread-safe. */
public final class ProxyMetrics {
    final LongAdder retransmissionsAbsorbed = new LongAdder();
    final LongAdder acksAbsorbed = new LongAdder();
    final LongAdder strayResponses = new LongAdder();
    final LongAdder failovers = new LongAdder();
    final LongAdder forwarded = new LongAdder();

    /** Requests that matched a server transaction and were answered from it instead of forwarded. */
    public long retransmissionsAbsorbed() {
        return retransmissionsAbsorbed.sum();
    }

    /** ACKs for our non-2xx answers, absorbed hop by hop. */
    public long acksAbsorbed() {
        return acksAbsorbed.sum();
    }

    /** Responses that matched no client transaction (dropped). */
    public long strayResponses() {
        return strayResponses.sum();
    }

    /** Times the next target of a plan was tried after one failed. */
    public long failovers() {
        return failovers.sum();
    }

    /** Requests forwarded (each branch and each stateless ACK counts). */
    public long forwarded() {
        return forwarded.sum();
    }
}
