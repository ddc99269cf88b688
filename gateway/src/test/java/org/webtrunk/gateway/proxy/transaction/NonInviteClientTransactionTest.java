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

class NonInviteClientTransactionTest {
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

    private NonInviteClientTransaction<String> start(Transport transport) {
        NonInviteClientTransaction<String> tx = new NonInviteClientTransaction<>(
                TransactionKey.client("z9hG4bK-c2", "BYE"), TestFlows.flow(channel, transport, "10.0.0.2", 5060),
                channel.eventLoop(), TransactionTimers.defaults(), timer, user, table::remove);
        assertTrue(table.addClient(tx));
        tx.start(bytes("BYE"));
        return tx;
    }

    @AfterEach
    void finish() {
        sent(channel);
        assertFalse(channel.finish());
    }

    @Test
    void timerERetransmitsOnUdpDoublingUpToT2ThenTimerFTimesOut() {
        NonInviteClientTransaction<String> tx = start(Transport.UDP);
        assertEquals(List.of("BYE"), sent(channel));
        long[] gaps = {500, 1000, 2000, 4000, 4000, 4000};
        for (long gap : gaps) {
            timer.advance(gap - 1);
            assertEquals(List.of(), sent(channel));
            timer.advance(1);
            assertEquals(List.of("BYE"), sent(channel), "retransmission after " + gap);
        }
        timer.advance(32_000 - 15_500);
        assertEquals(List.of("timeout"), events);
        assertTrue(tx.isTerminated());
        assertEquals(0, table.size());
        sent(channel);
        timer.advance(10_000);
        assertEquals(List.of(), sent(channel), "nothing after Timer F");
    }

    @Test
    void noRetransmissionOnTcp() {
        start(Transport.TCP);
        sent(channel);
        timer.advance(31_999);
        assertEquals(List.of(), sent(channel));
        timer.advance(1);
        assertEquals(List.of("timeout"), events);
    }

    @Test
    void afterAProvisionalResponseRetransmissionsComeEveryT2() {
        NonInviteClientTransaction<String> tx = start(Transport.UDP);
        sent(channel);
        tx.onResponse(100, "100");
        timer.advance(500);
        assertEquals(List.of("BYE"), sent(channel));
        timer.advance(3999);
        assertEquals(List.of(), sent(channel));
        timer.advance(1);
        assertEquals(List.of("BYE"), sent(channel));
    }

    @Test
    void finalResponsePassesUpOnceAndTimerKEndsIt() {
        NonInviteClientTransaction<String> tx = start(Transport.UDP);
        sent(channel);
        tx.onResponse(200, "200");
        tx.onResponse(200, "200 again");
        assertEquals(List.of("200"), events);
        timer.advance(10_000);
        assertEquals(List.of(), sent(channel), "no retransmission after the final response");
        assertTrue(tx.isTerminated());
        assertEquals(0, table.size());
    }

    @Test
    void timerKIsZeroOnReliableTransports() {
        NonInviteClientTransaction<String> tx = start(Transport.TCP);
        tx.onResponse(200, "200");
        assertTrue(tx.isTerminated());
    }
}
