package org.webtrunk.gateway.proxy.transaction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.webtrunk.gateway.proxy.transaction.TestFlows.bytes;
import static org.webtrunk.gateway.proxy.transaction.TestFlows.sent;

import io.netty.channel.embedded.EmbeddedChannel;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.webtrunk.gateway.transport.Transport;

class NonInviteServerTransactionTest {
    private final ManualTimerService timer = new ManualTimerService();
    private final TransactionTable table = new TransactionTable(10);
    private final EmbeddedChannel channel = new EmbeddedChannel();

    private NonInviteServerTransaction start(Transport transport) {
        NonInviteServerTransaction tx = new NonInviteServerTransaction(
                TransactionKey.server("z9hG4bK-2", "10.0.0.1:5060", "BYE"),
                TestFlows.flow(channel, transport, "10.0.0.1", 5060), channel.eventLoop(),
                TransactionTimers.defaults(), timer, table::remove);
        assertTrue(table.addServer(tx));
        return tx;
    }

    @AfterEach
    void finish() {
        sent(channel);
        assertFalse(channel.finish());
    }

    @Test
    void retransmissionBeforeAnyResponseIsSilentlyAbsorbed() {
        NonInviteServerTransaction tx = start(Transport.UDP);
        tx.onRetransmission();
        assertEquals(List.of(), sent(channel));
    }

    @Test
    void retransmissionGetsTheFinalResponseAgainUntilTimerJ() {
        NonInviteServerTransaction tx = start(Transport.UDP);
        tx.sendResponse(200, bytes("200"));
        assertEquals(List.of("200"), sent(channel));
        tx.onRetransmission();
        assertEquals(List.of("200"), sent(channel));
        tx.sendResponse(500, bytes("late"));
        assertEquals(List.of(), sent(channel), "one final response only");
        timer.advance(31_999);
        assertFalse(tx.isTerminated());
        timer.advance(1);
        assertTrue(tx.isTerminated());
        assertEquals(0, table.size());
    }

    @Test
    void timerJIsZeroOnReliableTransports() {
        NonInviteServerTransaction tx = start(Transport.WS);
        tx.sendResponse(200, bytes("200"));
        assertTrue(tx.isTerminated());
        assertEquals(0, table.size());
    }
}
