package org.webtrunk.gateway.proxy.transaction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.webtrunk.gateway.transport.Transport;

class TransactionTableTest {
    private final EmbeddedChannel channel = new EmbeddedChannel();
    private final ManualTimerService timer = new ManualTimerService();

    private NonInviteServerTransaction server(TransactionTable table, String branch) {
        return new NonInviteServerTransaction(TransactionKey.server(branch, "h:1", "OPTIONS"),
                TestFlows.flow(channel, Transport.UDP, "10.0.0.1", 1), channel.eventLoop(),
                TransactionTimers.defaults(), timer, table::remove);
    }

    @Test
    void refusesServerTransactionsBeyondItsBoundAndCountsThem() {
        TransactionTable table = new TransactionTable(2);
        assertTrue(table.addServer(server(table, "z9hG4bK1")));
        NonInviteServerTransaction second = server(table, "z9hG4bK2");
        assertTrue(table.addServer(second));
        assertFalse(table.addServer(server(table, "z9hG4bK3")));
        assertEquals(1, table.refused());
        table.remove(second);
        assertTrue(table.addServer(server(table, "z9hG4bK3")), "a finished transaction frees its slot");
        assertEquals(2, table.serverTransactions());
        assertFalse(channel.finish());
    }

    @Test
    void duplicateKeyIsNotARefusal() {
        TransactionTable table = new TransactionTable(5);
        NonInviteServerTransaction first = server(table, "z9hG4bK1");
        assertTrue(table.addServer(first));
        assertFalse(table.addServer(server(table, "z9hG4bK1")));
        assertEquals(0, table.refused());
        assertEquals(1, table.serverTransactions());
        assertSame(first, table.get(first.key()));
    }

    @Test
    void ackMatchesItsInviteAndCancelHasItsOwnKey() {
        assertEquals(TransactionKey.server("z9hG4bKx", "A.example:5060", "INVITE"),
                TransactionKey.server("z9hG4bKx", "a.example:5060", "ACK"));
        assertFalse(TransactionKey.server("z9hG4bKx", "a:1", "CANCEL")
                .equals(TransactionKey.server("z9hG4bKx", "a:1", "INVITE")));
        assertFalse(TransactionKey.server("z9hG4bKx", "a:1", "INVITE")
                .equals(TransactionKey.server("z9hG4bKx", "b:1", "INVITE")), "sent-by is part of the key");
        assertNull(new TransactionTable(1).get(TransactionKey.client("z9hG4bKx", "INVITE")));
    }

    @Test
    void timersAreValidated() {
        assertThrows(IllegalArgumentException.class,
                () -> new TransactionTimers(Duration.ofSeconds(5), Duration.ofSeconds(4), Duration.ofSeconds(5)));
        assertEquals(32_000, TransactionTimers.defaults().timeoutMillis());
        assertEquals(0, TransactionTimers.defaults().timerDMillis(true));
    }
}
