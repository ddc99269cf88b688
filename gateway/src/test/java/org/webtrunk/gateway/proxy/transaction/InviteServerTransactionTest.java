package org.webtrunk.gateway.proxy.transaction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.webtrunk.gateway.proxy.transaction.TestFlows.bytes;

import io.netty.buffer.ByteBuf;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.webtrunk.gateway.transport.Transport;

class InviteServerTransactionTest {
    private final TransactionFixture fx = new TransactionFixture();

    private InviteServerTransaction start(Transport transport) {
        InviteServerTransaction tx = new InviteServerTransaction(
                TransactionKey.server("z9hG4bK-1", "10.0.0.1:5060", "INVITE"),
                fx.flow(transport, "10.0.0.1"), fx.channel.eventLoop(),
                TransactionTimers.defaults(), fx.timer, fx.table::remove);
        assertTrue(fx.table.addServer(tx));
        tx.start(bytes("100"));
        return tx;
    }

    @AfterEach
    void finish() {
        fx.finish();
    }

    @Test
    void sends100TryingAtOnce() {
        start(Transport.UDP);
        assertEquals(List.of("100"), fx.sent());
    }

    @Test
    void retransmittedInviteGetsTheLastProvisionalAgain() {
        InviteServerTransaction tx = start(Transport.UDP);
        tx.sendResponse(180, bytes("180"));
        fx.sent();
        tx.onRetransmission();
        assertEquals(List.of("180"), fx.sent());
    }

    @Test
    void overWebSocketTheRingingIsSentButNotKept() {
        InviteServerTransaction tx = start(Transport.WS);
        ByteBuf ringing = bytes("180");
        tx.sendResponse(180, ringing);
        assertEquals(List.of("100", "180"), fx.sent());
        assertEquals(0, ringing.refCnt(), "a WebSocket caller never retransmits its INVITE");
        tx.onRetransmission();
        assertEquals(List.of(), fx.sent());
        assertEquals(180, tx.lastStatus());
    }

    @Test
    void nonSuccessFinalIsRetransmittedOnTimerGDoublingUpToT2OnUdp() {
        InviteServerTransaction tx = start(Transport.UDP);
        tx.sendResponse(486, bytes("486"));
        assertEquals(List.of("100", "486"), fx.sent());
        long[] gaps = {500, 1000, 2000, 4000, 4000, 4000};
        for (long gap : gaps) {
            fx.timer.advance(gap - 1);
            assertEquals(List.of(), fx.sent());
            fx.timer.advance(1);
            assertEquals(List.of("486"), fx.sent(), "retransmission after " + gap);
        }
        assertEquals(InviteServerTransaction.State.COMPLETED, tx.state());
    }

    @Test
    void ackIsAbsorbedAndTimerIEndsTheTransaction() {
        InviteServerTransaction tx = start(Transport.UDP);
        tx.sendResponse(486, bytes("486"));
        fx.sent();
        assertTrue(tx.onAck());
        assertEquals(InviteServerTransaction.State.CONFIRMED, tx.state());
        assertTrue(tx.onAck(), "ACK retransmissions are absorbed as well");
        fx.timer.advance(4999);
        assertEquals(List.of(), fx.sent(), "no Timer G after the ACK");
        assertSame(tx, fx.table.get(tx.key()));
        fx.timer.advance(1);
        assertTrue(tx.isTerminated());
        assertNull(fx.table.get(tx.key()));
    }

    @Test
    void noRetransmissionAndNoTimerIOnTcp() {
        InviteServerTransaction tx = start(Transport.TCP);
        tx.sendResponse(486, bytes("486"));
        fx.sent();
        fx.timer.advance(10_000);
        assertEquals(List.of(), fx.sent());
        tx.onAck();
        assertTrue(tx.isTerminated());
        assertEquals(0, fx.table.size());
    }

    @Test
    void timerHGivesUpWithoutAck() {
        InviteServerTransaction tx = start(Transport.UDP);
        tx.sendResponse(500, bytes("500"));
        fx.timer.advance(31_999);
        assertFalse(tx.isTerminated());
        fx.timer.advance(1);
        assertTrue(tx.isTerminated());
        assertEquals(0, fx.table.size());
        assertEquals(0, fx.timer.pendingCount());
    }

    @Test
    void after2xxRetransmittedInvitesAreAbsorbedAnd2xxRetransmissionsPassUntilTimerL() {
        InviteServerTransaction tx = start(Transport.UDP);
        tx.sendResponse(200, bytes("200"));
        assertEquals(List.of("100", "200"), fx.sent());
        assertEquals(InviteServerTransaction.State.ACCEPTED, tx.state());
        tx.onRetransmission();
        assertEquals(List.of(), fx.sent(), "a retransmitted INVITE is neither answered nor forwarded");
        tx.sendResponse(200, bytes("200 again"));
        tx.sendResponse(486, bytes("486"));
        assertEquals(List.of("200 again"), fx.sent());
        assertFalse(tx.onAck(), "the ACK of a 2xx is end to end, not ours");
        fx.timer.advance(32_000);
        assertTrue(tx.isTerminated());
        assertEquals(0, fx.table.size());
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
