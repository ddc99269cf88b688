package org.webtrunk.gateway.proxy;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.ToDoubleFunction;
import org.webtrunk.gateway.proxy.transaction.TransactionTable;

/** Counters of the proxy, for the admin API and metrics; thread-safe. */
public final class ProxyMetrics {
    final LongAdder retransmissionsAbsorbed = new LongAdder();
    final LongAdder acksAbsorbed = new LongAdder();
    final LongAdder strayResponses = new LongAdder();
    final LongAdder failovers = new LongAdder();
    final LongAdder forwarded = new LongAdder();
    final LongAdder statelessReplies = new LongAdder();

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

    /** Our own answers sent without a server transaction (challenges, refusals, 2xx over reliable transports). */
    public long statelessReplies() {
        return statelessReplies.sum();
    }

    /** Requests forwarded (each branch and each stateless ACK counts). */
    public long forwarded() {
        return forwarded.sum();
    }

    /** Exposes these counters and the transaction table's fill as {@code webtrunk_proxy_*} meters. */
    public void bindTo(MeterRegistry registry, TransactionTable table) {
        counter(registry, "retransmissions.absorbed", "requests answered from their server transaction",
                ProxyMetrics::retransmissionsAbsorbed);
        counter(registry, "acks.absorbed", "ACKs of our non-2xx answers", ProxyMetrics::acksAbsorbed);
        counter(registry, "responses.stray", "responses matching no client transaction, dropped",
                ProxyMetrics::strayResponses);
        counter(registry, "failovers", "next target tried after one failed", ProxyMetrics::failovers);
        counter(registry, "forwarded", "requests forwarded (each branch)", ProxyMetrics::forwarded);
        counter(registry, "replies.stateless", "our answers sent without a server transaction",
                ProxyMetrics::statelessReplies);
        Gauge.builder("webtrunk.proxy.transactions", table, TransactionTable::size)
                .description("open transactions, client and server").register(registry);
        Gauge.builder("webtrunk.proxy.server.transactions", table, TransactionTable::serverTransactions)
                .description("open server transactions; past proxy.max-transactions new ones get 503")
                .register(registry);
        FunctionCounter.builder("webtrunk.proxy.transactions.refused", table, TransactionTable::refused)
                .description("requests refused 503 because the transaction table was full").register(registry);
    }

    private void counter(MeterRegistry registry, String name, String description, ToDoubleFunction<ProxyMetrics> f) {
        FunctionCounter.builder("webtrunk.proxy." + name, this, f).description(description).register(registry);
    }
}
