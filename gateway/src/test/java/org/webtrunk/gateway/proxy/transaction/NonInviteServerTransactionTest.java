package org.webtrunk.gateway.proxy.transaction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.webtrunk.gateway.proxy.transaction.TestFlows.bytes;

import io.netty.buffer.ByteBuf;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.webtrunk.gateway.transport.Transport;

class NonInviteServerTransactionTest {
    private final TransactionFixture fx = new TransactionFixture();

    private NonInviteServerTransaction start(Transport transport) {
        NonInviteServerTransaction tx = new NonInviteServerTransaction(
                TransactionKey.server("z9hG4bK-2", "10.0.0.1:5060", "BYE"),
                fx.flow(transport, "10.0.0.1"), fx.channel.eventLoop(),
                TransactionTimers.defaults(), fx.timer, fx.table::remove);
        assertTrue(fx.table.addServer(tx));
        return tx;
    }

    @AfterEach
    void finish() {
        fx.finish();
    }

    @Test
    void retransmissionBeforeAnyResponseIsSilentlyAbsorbed() {
        NonInviteServerTransaction tx = start(Transport.UDP);
        tx.onRetransmission();
        assertEquals(List.of(), fx.sent());
    }

    @Test
    void overTcpAProvisionalResponseIsSentButNotKept() {
        NonInviteServerTransaction tx = start(Transport.TCP);
        ByteBuf trying = bytes("100");
        tx.sendResponse(100, trying);
        assertEquals(List.of("100"), fx.sent());
        assertEquals(0, trying.refCnt(), "a TCP caller never retransmits its request");
        tx.onRetransmission();
        assertEquals(List.of(), fx.sent());
    }

    @Test
    void retransmissionGetsTheFinalResponseAgainUntilTimerJ() {
        NonInviteServerTransaction tx = start(Transport.UDP);
        tx.sendResponse(200, bytes("200"));
        assertEquals(List.of("200"), fx.sent());
        tx.onRetransmission();
        assertEquals(List.of("200"), fx.sent());
        tx.sendResponse(500, bytes("late"));
        assertEquals(List.of(), fx.sent(), "one final response only");
        fx.timer.advance(31_999);
        assertFalse(tx.isTerminated());
        fx.timer.advance(1);
        assertTrue(tx.isTerminated());
        assertEquals(0, fx.table.size());
    }

    @Test
    void timerJIsZeroOnReliableTransports() {
        NonInviteServerTransaction tx = start(Transport.WS);
        tx.sendResponse(200, bytes("200"));
        assertTrue(tx.isTerminated());
        assertEquals(0, fx.table.size());
    }
}
