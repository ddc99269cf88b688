package org.webtrunk.gateway.proxy.transaction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.webtrunk.gateway.proxy.transaction.TestFlows.bytes;

import io.netty.buffer.ByteBuf;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.webtrunk.gateway.transport.Transport;

class NonInviteClientTransactionTest {
    private final TransactionFixture fx = new TransactionFixture();

    private NonInviteClientTransaction<String> start(Transport transport) {
        return start(transport, bytes("BYE"));
    }

    private NonInviteClientTransaction<String> start(Transport transport, ByteBuf request) {
        NonInviteClientTransaction<String> tx = new NonInviteClientTransaction<>(
                TransactionKey.client("z9hG4bK-c2", "BYE"), fx.flow(transport, "10.0.0.2"),
                fx.channel.eventLoop(), TransactionTimers.defaults(), fx.timer, fx.user, fx.table::remove);
        assertTrue(fx.table.addClient(tx));
        tx.start(request);
        return tx;
    }

    @AfterEach
    void finish() {
        fx.finish();
    }

    @Test
    void timerERetransmitsOnUdpDoublingUpToT2ThenTimerFTimesOut() {
        NonInviteClientTransaction<String> tx = start(Transport.UDP);
        assertEquals(List.of("BYE"), fx.sent());
        long[] gaps = {500, 1000, 2000, 4000, 4000, 4000};
        for (long gap : gaps) {
            fx.timer.advance(gap - 1);
            assertEquals(List.of(), fx.sent());
            fx.timer.advance(1);
            assertEquals(List.of("BYE"), fx.sent(), "retransmission after " + gap);
        }
        fx.timer.advance(32_000 - 15_500);
        assertEquals(List.of("timeout"), fx.events);
        assertTrue(tx.isTerminated());
        assertEquals(0, fx.table.size());
        fx.sent();
        fx.timer.advance(10_000);
        assertEquals(List.of(), fx.sent(), "nothing after Timer F");
    }

    @Test
    void shutdownWaitsForAByeUntilItsFinalResponseNotThroughTimerK() {
        NonInviteClientTransaction<String> tx = start(Transport.UDP);
        tx.onResponse(100, "100");
        assertEquals(1, fx.table.clientsAwaitingFinalResponse());
        tx.onResponse(200, "200");
        assertEquals(0, fx.table.clientsAwaitingFinalResponse());
        assertEquals(1, fx.table.size(), "kept in Completed for Timer K");
    }

    @Test
    void noRetransmissionOnTcp() {
        start(Transport.TCP);
        fx.sent();
        fx.timer.advance(31_999);
        assertEquals(List.of(), fx.sent());
        fx.timer.advance(1);
        assertEquals(List.of("timeout"), fx.events);
    }

    @Test
    void overTcpTheRequestIsSentButNotKept() {
        ByteBuf bye = bytes("BYE");
        start(Transport.TCP, bye);
        assertEquals(List.of("BYE"), fx.sent());
        assertEquals(0, bye.refCnt(), "nothing is resent over TCP");
    }

    @Test
    void afterAProvisionalResponseRetransmissionsComeEveryT2() {
        NonInviteClientTransaction<String> tx = start(Transport.UDP);
        fx.sent();
        tx.onResponse(100, "100");
        fx.timer.advance(500);
        assertEquals(List.of("BYE"), fx.sent());
        fx.timer.advance(3999);
        assertEquals(List.of(), fx.sent());
        fx.timer.advance(1);
        assertEquals(List.of("BYE"), fx.sent());
    }

    @Test
    void finalResponsePassesUpOnceAndTimerKEndsIt() {
        NonInviteClientTransaction<String> tx = start(Transport.UDP);
        fx.sent();
        tx.onResponse(200, "200");
        tx.onResponse(200, "200 again");
        assertEquals(List.of("200"), fx.events);
        fx.timer.advance(10_000);
        assertEquals(List.of(), fx.sent(), "no retransmission after the final response");
        assertTrue(tx.isTerminated());
        assertEquals(0, fx.table.size());
    }

    @Test
    void timerKIsZeroOnReliableTransports() {
        NonInviteClientTransaction<String> tx = start(Transport.TCP);
        tx.onResponse(200, "200");
        assertTrue(tx.isTerminated());
    }
}
