package org.webtrunk.gateway.proxy.transaction;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * All live transactions, keyed for matching (RFC 3261 §17.1.3, §17.2.3).
 *
 * <p>Bounded: past {@code maxServerTransactions} a new server transaction is refused, and the caller
 * answers 503 with Retry-After; this caps the memory a flood of new requests can pin for 32 s each.
 * Client transactions are not refused (each belongs to an admitted server transaction, at most a few).
 */
public final class TransactionTable {
    private final ConcurrentMap<TransactionKey, Transaction> transactions = new ConcurrentHashMap<>();
    private final AtomicInteger serverCount = new AtomicInteger();
    private final LongAdder refused = new LongAdder();
    private final int maxServerTransactions;
    private final Consumer<Transaction> remover = this::remove;

    public TransactionTable(int maxServerTransactions) {
        if (maxServerTransactions < 1) {
            throw new IllegalArgumentException("maxServerTransactions must be positive: " + maxServerTransactions);
        }
        this.maxServerTransactions = maxServerTransactions;
    }

    public Transaction get(TransactionKey key) {
        return transactions.get(key);
    }

    /**
     * Adds a new server transaction. False when the table is full (counted in {@link #refused()}) or the
     * key is already taken (a race with a retransmission: the caller treats it as one).
     */
    public boolean addServer(ServerTransaction tx) {
        if (serverCount.incrementAndGet() > maxServerTransactions) {
            serverCount.decrementAndGet();
            refused.increment();
            return false;
        }
        if (transactions.putIfAbsent(tx.key(), tx) != null) {
            serverCount.decrementAndGet();
            return false;
        }
        return true;
    }

    /** Adds a client transaction; false only if the key (our own unique branch) is already taken. */
    public boolean addClient(ClientTransaction tx) {
        return transactions.putIfAbsent(tx.key(), tx) == null;
    }

    /** Drops {@code tx} if it is still the one stored under its key; pass as the transactions' onTerminated. */
    public void remove(Transaction tx) {
        if (transactions.remove(tx.key(), tx) && tx instanceof ServerTransaction) {
            serverCount.decrementAndGet();
        }
    }

    /** {@link #remove} as the one onTerminated all transactions share (not a method reference per transaction). */
    public Consumer<Transaction> remover() {
        return remover;
    }

    /**
     * Ends every transaction (on its own event loop while that still runs), releasing the responses kept
     * for retransmission. For shutdown, after calls were ended: nothing is sent.
     */
    public void terminateAll() {
        for (Transaction tx : java.util.List.copyOf(transactions.values())) {
            if (tx instanceof TransactionBase<?> b) {
                try {
                    b.run(b::terminate);
                } catch (java.util.concurrent.RejectedExecutionException e) {
                    b.terminate();
                }
            }
        }
    }

    public int size() {
        return transactions.size();
    }

    public int serverTransactions() {
        return serverCount.get();
    }

    /**
     * Client transactions still waiting for their final response, such as the BYEs sent at shutdown; not the
     * ones only kept to absorb retransmissions (an INVITE's for 32 s after its 2xx, RFC 6026).
     */
    public int clientsAwaitingFinalResponse() {
        int waiting = 0;
        for (Transaction tx : transactions.values()) {
            if (tx instanceof ClientTransaction c && c.awaitingFinalResponse()) {
                waiting++;
            }
        }
        return waiting;
    }

    /** How many new server transactions were refused because the table was full. */
    public long refused() {
        return refused.sum();
    }

    public int maxServerTransactions() {
        return maxServerTransactions;
    }
}
