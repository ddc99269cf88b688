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

class InviteClientTransactionTest {
    private final TransactionFixture fx = new TransactionFixture();

    private InviteClientTransaction<String> start(Transport transport) {
        return start(transport, bytes("INVITE"));
    }

    private InviteClientTransaction<String> start(Transport transport, ByteBuf invite) {
        InviteClientTransaction<String> tx = new InviteClientTransaction<>(
                TransactionKey.client("z9hG4bK-c1", "INVITE"), fx.flow(transport, "10.0.0.2"),
                fx.channel.eventLoop(), TransactionTimers.defaults(), fx.timer, fx.user,
                response -> bytes("ACK for " + response), fx.table::remove);
        assertTrue(fx.table.addClient(tx));
        tx.start(invite);
        return tx;
    }

    @AfterEach
    void finish() {
        fx.finish();
    }

    @Test
    void timerARetransmitsOnUdpDoublingUntilTimerBReportsATimeout() {
        InviteClientTransaction<String> tx = start(Transport.UDP);
        assertEquals(List.of("INVITE"), fx.sent());
        long[] gaps = {500, 1000, 2000, 4000, 8000, 16000};
        for (long gap : gaps) {
            fx.timer.advance(gap - 1);
            assertEquals(List.of(), fx.sent());
            fx.timer.advance(1);
            assertEquals(List.of("INVITE"), fx.sent(), "retransmission after " + gap);
        }
        assertEquals(List.of(), fx.events);
        fx.timer.advance(500); // 64*T1 = 32 s after the first send
        assertEquals(List.of("timeout"), fx.events);
        assertTrue(tx.isTerminated());
        assertEquals(0, fx.table.size());
        assertEquals(0, fx.timer.pendingCount());
    }

    @Test
    void noRetransmissionOnTcpButTimerBStillFires() {
        start(Transport.TCP);
        fx.sent();
        fx.timer.advance(31_999);
        assertEquals(List.of(), fx.sent());
        assertEquals(List.of(), fx.events);
        fx.timer.advance(1);
        assertEquals(List.of("timeout"), fx.events);
    }

    @Test
    void provisionalResponseStopsRetransmissionAndTimerB() {
        InviteClientTransaction<String> tx = start(Transport.UDP);
        fx.sent();
        tx.onResponse(100, "100");
        tx.onResponse(180, "180");
        fx.timer.advance(60_000);
        assertEquals(List.of(), fx.sent());
        assertEquals(List.of("100", "180"), fx.events);
        assertEquals(InviteClientTransaction.State.PROCEEDING, tx.state());
    }

    @Test
    void aRingingCallKeepsNoCopyOfTheInvite() {
        ByteBuf invite = bytes("INVITE");
        InviteClientTransaction<String> tx = start(Transport.UDP, invite);
        assertEquals(List.of("INVITE"), fx.sent());
        assertEquals(1, invite.refCnt(), "kept for Timer A until an answer comes");
        tx.onResponse(180, "180");
        assertEquals(0, invite.refCnt());
        fx.timer.advance(60_000);
        assertEquals(List.of(), fx.sent());
    }

    @Test
    void overTcpTheInviteAndTheAckAreSentButNotKept() {
        ByteBuf invite = bytes("INVITE");
        InviteClientTransaction<String> tx = start(Transport.TCP, invite);
        assertEquals(List.of("INVITE"), fx.sent());
        assertEquals(0, invite.refCnt(), "nothing is resent over TCP");
        tx.onResponse(486, "486");
        assertEquals(List.of("ACK for 486"), fx.sent());
        assertTrue(tx.isTerminated(), "Timer D is zero over TCP");
    }

    @Test
    void nonSuccessFinalIsAckedHopByHopAndPassedUpOnce() {
        InviteClientTransaction<String> tx = start(Transport.UDP);
        fx.sent();
        tx.onResponse(486, "486");
        assertEquals(List.of("ACK for 486"), fx.sent());
        tx.onResponse(486, "486 again");
        assertEquals(List.of("ACK for 486"), fx.sent(), "a retransmitted final gets the ACK again");
        assertEquals(List.of("486"), fx.events, "but is not passed up again");
        fx.timer.advance(31_999);
        assertFalse(tx.isTerminated());
        fx.timer.advance(1);
        assertTrue(tx.isTerminated(), "Timer D");
        assertEquals(0, fx.table.size());
    }

    @Test
    void timerDIsZeroOnReliableTransports() {
        InviteClientTransaction<String> tx = start(Transport.TLS);
        tx.onResponse(603, "603");
        assertTrue(tx.isTerminated());
    }

    @Test
    void successIsNotAckedHereAndItsRetransmissionsPassUpUntilTimerM() {
        InviteClientTransaction<String> tx = start(Transport.UDP);
        fx.sent();
        tx.onResponse(200, "200");
        tx.onResponse(200, "200 again");
        assertEquals(List.of(), fx.sent(), "the ACK of a 2xx is the caller's, end to end");
        assertEquals(List.of("200", "200 again"), fx.events);
        assertEquals(InviteClientTransaction.State.ACCEPTED, tx.state());
        fx.timer.advance(32_000);
        assertTrue(tx.isTerminated());
        assertEquals(0, fx.table.size());
    }

    @Test
    void shutdownWaitsForARingingInviteButNotForOneKeptAfterItsAnswer() {
        InviteClientTransaction<String> tx = start(Transport.UDP);
        tx.onResponse(180, "180");
        assertEquals(1, fx.table.clientsAwaitingFinalResponse());
        tx.onResponse(200, "200");
        assertEquals(0, fx.table.clientsAwaitingFinalResponse());
        assertEquals(1, fx.table.size(), "kept in Accepted for the 2xx's retransmissions");
    }

    @Test
    void sendFailureIsATransportError() {
        fx.channel.close();
        InviteClientTransaction<String> tx = start(Transport.TCP);
        assertEquals(List.of("transport error"), fx.events);
        assertTrue(tx.isTerminated());
        assertEquals(0, fx.table.size());
    }
}
