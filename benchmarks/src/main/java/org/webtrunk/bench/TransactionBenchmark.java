package org.webtrunk.bench;

import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.ImmediateEventExecutor;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.webtrunk.gateway.proxy.transaction.NonInviteServerTransaction;
import org.webtrunk.gateway.proxy.transaction.TimerService;
import org.webtrunk.gateway.proxy.transaction.Transaction;
import org.webtrunk.gateway.proxy.transaction.TransactionKey;
import org.webtrunk.gateway.proxy.transaction.TransactionTable;
import org.webtrunk.gateway.proxy.transaction.TransactionTimers;
import org.webtrunk.gateway.sip.SipMessage;
import org.webtrunk.gateway.sip.Via;
import org.webtrunk.gateway.transport.Flow;

/**
 * Server transaction matching (RFC 3261 §17.2.3) against a table of 10,000 live transactions: the key
 * from a freshly decoded message (top Via branch and sent-by, method) and the lookup. The message's own
 * transaction is in the table, so every lookup hits, as for a retransmission.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Threads(1)
public class TransactionBenchmark {
    private static final int TRANSACTIONS = 10_000;

    @Param({"register-auth", "invite"})
    public String message;

    private ByteBuf frame;
    private Flow flow;
    private TransactionTable table;
    private TransactionKey storedKey;

    @Setup(Level.Trial)
    public void setUp() {
        frame = SipCorpus.directBuffer(SipCorpus.bytes(message));
        flow = SipCorpus.browserFlow();
        table = new TransactionTable(TRANSACTIONS + 1);
        TimerService noTimers = (task, delay, unit) -> {
            throw new IllegalStateException("no timers in this benchmark");
        };
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < TRANSACTIONS - 1; i++) {
            TransactionKey key = TransactionKey.server(TransactionKey.MAGIC_COOKIE + Long.toHexString(random.nextLong()),
                    Long.toString(random.nextLong() & Long.MAX_VALUE, 36) + ".invalid", i % 3 == 0 ? "INVITE" : "REGISTER");
            add(key, noTimers);
        }
        SipMessage m = SipCorpus.decode(frame, flow);
        try {
            storedKey = serverKey(m);
        } finally {
            m.release();
        }
        add(storedKey, noTimers);
        if (table.size() != TRANSACTIONS || keyAndLookup() == null) {
            throw new IllegalStateException("table not as intended: " + table.size());
        }
    }

    private void add(TransactionKey key, TimerService timers) {
        table.addServer(new NonInviteServerTransaction(key, flow, ImmediateEventExecutor.INSTANCE,
                TransactionTimers.defaults(), timers, table::remove));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        frame.release();
    }

    /** Decode, build the server key as the proxy's transaction step does, look it up. */
    @Benchmark
    public Transaction keyAndLookup() {
        SipMessage m = SipCorpus.decode(frame, flow);
        try {
            return table.get(serverKey(m));
        } finally {
            m.release();
        }
    }

    /** The lookup alone, with a new key object equal to a stored one (String hashes already cached). */
    @Benchmark
    public Transaction lookupOnly() {
        return table.get(new TransactionKey(storedKey.branch(), storedKey.sentBy(), storedKey.method()));
    }

    /** Same as the proxy's TransactionStep.keyOf for an RFC 3261 branch (the JsSIP case). */
    private static TransactionKey serverKey(SipMessage m) {
        Via via = m.topVia();
        if (via == null || m.cseq() == null || !TransactionKey.isRfc3261Branch(via.branch())) {
            throw new IllegalStateException("not a JsSIP request");
        }
        return TransactionKey.server(via.branch(), via.sentBy(), m.method());
    }
}
