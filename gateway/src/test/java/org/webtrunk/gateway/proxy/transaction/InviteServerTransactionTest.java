package org.webtrunk.gateway.proxy.transaction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.webtrunk.gateway.proxy.transaction.TestFlows.bytes;
import static org.webtrunk.gateway.proxy.transaction.TestFlows.sent;

import io.netty.channel.embedded.EmbeddedChannel;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.webtrunk.gateway.transport.Transport;

class InviteServerTransactionTest {
    private final ManualTimerService timer = new ManualTimerService();
    private final TransactionTable table = new TransactionTable(10);
    private final EmbeddedChannel channel = new EmbeddedChannel();

    private InviteServerTransaction start(Transport transport) {
        InviteServerTransaction tx = new InviteServerTransaction(
                TransactionKey.server("z9hG4bK-1", "10.0.0.1:5060", "INVITE"),
                TestFlows.flow(channel, transport, "10.0.0.1", 5060), channel.eventLoop(),
                TransactionTimers.defaults(), timer, table::remove);
        assertTrue(table.addServer(tx));
        tx.start(bytes("100"));
        return tx;
    }

    @AfterEach
    void finish() {
        sent(channel);
        assertFalse(channel.finish());
    }

    @Test
    void sends100TryingAtOnce() {
        start(Transport.UDP);
        assertEquals(List.of("100"), sent(channel));
    }

    @Test
    void retransmittedInviteGetsTheLastProvisionalAgain() {
        InviteServerTransaction tx = start(Transport.UDP);
        tx.sendResponse(180, bytes("180"));
        sent(channel);
        tx.onRetransmission();
        assertEquals(List.of("180"), sent(channel));
    }

    @Test
    void nonSuccessFinalIsRetransmittedOnTimerGDoublingUpToT2OnUdp() {
        InviteServerTransaction tx = start(Transport.UDP);
        tx.sendResponse(486, bytes("486"));
        assertEquals(List.of("100", "486"), sent(channel));
        long[] gaps = {500, 1000, 2000, 4000, 4000, 4000};
        for (long gap : gaps) {
            timer.advance(gap - 1);
            assertEquals(List.of(), sent(channel));
            timer.advance(1);
            assertEquals(List.of("486"), sent(channel), "retransmission after " + gap);
        }
        assertEquals(InviteServerTransaction.State.COMPLETED, tx.state());
    }

    @Test
    void ackIsAbsorbedAndTimerIEndsTheTransaction() {
        InviteServerTransaction tx = start(Transport.UDP);
        tx.sendResponse(486, bytes("486"));
        sent(channel);
        assertTrue(tx.onAck());
        assertEquals(InviteServerTransaction.State.CONFIRMED, tx.state());
        assertTrue(tx.onAck(), "ACK retransmissions are absorbed as well");
        timer.advance(4999);
        assertEquals(List.of(), sent(channel), "no Timer G after the ACK");
        assertSame(tx, table.get(tx.key()));
        timer.advance(1);
        assertTrue(tx.isTerminated());
        assertNull(table.get(tx.key()));
    }

    @Test
    void noRetransmissionAndNoTimerIOnTcp() {
        InviteServerTransaction tx = start(Transport.TCP);
        tx.sendResponse(486, bytes("486"));
        sent(channel);
        timer.advance(10_000);
        assertEquals(List.of(), sent(channel));
        tx.onAck();
        assertTrue(tx.isTerminated());
        assertEquals(0, table.size());
    }

    @Test
    void timerHGivesUpWithoutAck() {
        InviteServerTransaction tx = start(Transport.UDP);
        tx.sendResponse(500, bytes("500"));
        timer.advance(31_999);
        assertFalse(tx.isTerminated());
        timer.advance(1);
        assertTrue(tx.isTerminated());
        assertEquals(0, table.size());
        assertEquals(0, timer.pendingCount());
    }

    @Test
    void after2xxRetransmittedInvitesAreAbsorbedAnd2xxRetransmissionsPassUntilTimerL() {
        InviteServerTransaction tx = start(Transport.UDP);
        tx.sendResponse(200, bytes("200"));
        assertEquals(List.of("100", "200"), sent(channel));
        assertEquals(InviteServerTransaction.State.ACCEPTED, tx.state());
        tx.onRetransmission();
        assertEquals(List.of(), sent(channel), "a retransmitted INVITE is neither answered nor forwarded");
        tx.sendResponse(200, bytes("200 again"));
        tx.sendResponse(486, bytes("486"));
        assertEquals(List.of("200 again"), sent(channel));
        assertFalse(tx.onAck(), "the ACK of a 2xx is end to end, not ours");
        timer.advance(32_000);
        assertTrue(tx.isTerminated());
        assertEquals(0, table.size());
    }

    @Test
    void cancelReachesTheHandlerOnlyBeforeTheFinalResponse() {
        InviteServerTransaction tx = start(Transport.UDP);
        AtomicInteger cancels = new AtomicInteger();
        tx.onCancel(cancels::incrementAndGet);
        assertTrue(tx.cancel());
        assertEquals(1, cancels.get());
        tx.sendResponse(487, bytes("487"));
        assertFalse(tx.cancel());
        assertEquals(1, cancels.get());
    }
}
