package org.webtrunk.gateway.proxy.transaction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.webtrunk.gateway.proxy.transaction.TestFlows.bytes;
import static org.webtrunk.gateway.proxy.transaction.TestFlows.sent;

import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.webtrunk.gateway.transport.Transport;

class InviteClientTransactionTest {
    private final ManualTimerService timer = new ManualTimerService();
    private final TransactionTable table = new TransactionTable(10);
    private final EmbeddedChannel channel = new EmbeddedChannel();
    private final List<String> events = new ArrayList<>();

    private final ClientTransactionUser<String> user = new ClientTransactionUser<>() {
        @Override
        public void onResponse(ClientTransaction tx, int status, String response) {
            events.add(response);
        }

        @Override
        public void onTimeout(ClientTransaction tx) {
            events.add("timeout");
        }

        @Override
        public void onTransportError(ClientTransaction tx, Throwable cause) {
            events.add("transport error");
        }
    };

    private InviteClientTransaction<String> start(Transport transport) {
        InviteClientTransaction<String> tx = new InviteClientTransaction<>(
                TransactionKey.client("z9hG4bK-c1", "INVITE"), TestFlows.flow(channel, transport, "10.0.0.2", 5060),
                channel.eventLoop(), TransactionTimers.defaults(), timer, user,
                response -> bytes("ACK for " + response), table::remove);
        assertTrue(table.addClient(tx));
        tx.start(bytes("INVITE"));
        return tx;
    }

    @AfterEach
    void finish() {
        sent(channel);
        assertFalse(channel.finish());
    }

    @Test
    void timerARetransmitsOnUdpDoublingUntilTimerBReportsATimeout() {
        InviteClientTransaction<String> tx = start(Transport.UDP);
        assertEquals(List.of("INVITE"), sent(channel));
        long[] gaps = {500, 1000, 2000, 4000, 8000, 16000};
        for (long gap : gaps) {
            timer.advance(gap - 1);
            assertEquals(List.of(), sent(channel));
            timer.advance(1);
            assertEquals(List.of("INVITE"), sent(channel), "retransmission after " + gap);
        }
        assertEquals(List.of(), events);
        timer.advance(500); // 64*T1 = 32 s after the first send
        assertEquals(List.of("timeout"), events);
        assertTrue(tx.isTerminated());
        assertEquals(0, table.size());
        assertEquals(0, timer.pendingCount());
    }

    @Test
    void noRetransmissionOnTcpButTimerBStillFires() {
        start(Transport.TCP);
        sent(channel);
        timer.advance(31_999);
        assertEquals(List.of(), sent(channel));
        assertEquals(List.of(), events);
        timer.advance(1);
        assertEquals(List.of("timeout"), events);
    }

    @Test
    void provisionalResponseStopsRetransmissionAndTimerB() {
        InviteClientTransaction<String> tx = start(Transport.UDP);
        sent(channel);
        tx.onResponse(100, "100");
        tx.onResponse(180, "180");
        timer.advance(60_000);
        assertEquals(List.of(), sent(channel));
        assertEquals(List.of("100", "180"), events);
        assertEquals(InviteClientTransaction.State.PROCEEDING, tx.state());
    }

    @Test
    void nonSuccessFinalIsAckedHopByHopAndPassedUpOnce() {
        InviteClientTransaction<String> tx = start(Transport.UDP);
        sent(channel);
        tx.onResponse(486, "486");
        assertEquals(List.of("ACK for 486"), sent(channel));
        tx.onResponse(486, "486 again");
        assertEquals(List.of("ACK for 486"), sent(channel), "a retransmitted final gets the ACK again");
        assertEquals(List.of("486"), events, "but is not passed up again");
        timer.advance(31_999);
        assertFalse(tx.isTerminated());
        timer.advance(1);
        assertTrue(tx.isTerminated(), "Timer D");
        assertEquals(0, table.size());
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
        sent(channel);
        tx.onResponse(200, "200");
        tx.onResponse(200, "200 again");
        assertEquals(List.of(), sent(channel), "the ACK of a 2xx is the caller's, end to end");
        assertEquals(List.of("200", "200 again"), events);
        assertEquals(InviteClientTransaction.State.ACCEPTED, tx.state());
        timer.advance(32_000);
        assertTrue(tx.isTerminated());
        assertEquals(0, table.size());
    }

    @Test
    void sendFailureIsATransportError() {
        channel.close();
        InviteClientTransaction<String> tx = start(Transport.TCP);
        assertEquals(List.of("transport error"), events);
        assertTrue(tx.isTerminated());
        assertEquals(0, table.size());
    }
}
