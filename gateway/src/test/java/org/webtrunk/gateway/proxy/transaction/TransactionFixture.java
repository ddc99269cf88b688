package org.webtrunk.gateway.proxy.transaction;

import static org.junit.jupiter.api.Assertions.assertFalse;

import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import org.webtrunk.gateway.transport.Flow;
import org.webtrunk.gateway.transport.Transport;

/**
 * What each transaction test sets up: a hand-driven clock, a transaction table, an embedded channel under the
 * flow, and a client transaction user that writes down what it is told.
 */
final class TransactionFixture {
    final ManualTimerService timer = new ManualTimerService();
    final TransactionTable table = new TransactionTable(10);
    final EmbeddedChannel channel = new EmbeddedChannel();
    /** Responses passed up (as their text), {@code "timeout"} and {@code "transport error"}, in order. */
    final List<String> events = new ArrayList<>();

    final ClientTransactionUser<String> user = new ClientTransactionUser<>() {
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

    /** A flow over the channel to {@code ip}:5060. */
    Flow flow(Transport transport, String ip) {
        return TestFlows.flow(channel, transport, ip, 5060);
    }

    /** Drains and releases what was written to the channel, as strings. */
    List<String> sent() {
        return TestFlows.sent(channel);
    }

    /** Drops what is left on the channel and checks that it held nothing else. */
    void finish() {
        sent();
        assertFalse(channel.finish());
    }
}
