package org.webtrunk.gateway.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import org.webtrunk.gateway.proxy.transaction.ClientTransaction;
import org.webtrunk.gateway.proxy.transaction.ClientTransactionUser;
import org.webtrunk.gateway.proxy.transaction.NonInviteClientTransaction;
import org.webtrunk.gateway.proxy.transaction.TransactionKey;
import org.webtrunk.gateway.sip.SipMessage;
import org.webtrunk.gateway.transport.Flow;

/** {@link Originator} over the proxy's transaction table, timers and outbound flows. */
final class RequestOriginator implements Originator {
    private final ProxyServices s;
    /** Requests sent but not yet in the transaction table: their transaction starts on the flow's event loop. */
    private final AtomicInteger launching = new AtomicInteger();

    RequestOriginator(ProxyServices services) {
        this.s = services;
    }

    @Override
    public void send(Target target, String request, IntConsumer onFinal) {
        launching.incrementAndGet();
        Flow fixed = target.flow();
        if (fixed != null) {
            if (fixed.isOpen()) {
                launchOnLoop(fixed, request, onFinal);
            } else {
                launching.decrementAndGet();
                onFinal.accept(503); // never to a dead connection
            }
            return;
        }
        s.outbound().flowTo(target.transport(), target.address()).whenComplete((flow, err) -> {
            if (err != null || flow == null || !flow.isOpen()) {
                launching.decrementAndGet();
                onFinal.accept(503);
            } else {
                launchOnLoop(flow, request, onFinal);
            }
        });
    }

    /**
     * Requests sent whose client transaction has not started yet. Shutdown waits for these as for transactions
     * awaiting their final response: a BYE queued on an event loop would otherwise find its connection closed.
     */
    int launching() {
        return launching.get();
    }

    private void launchOnLoop(Flow flow, String request, IntConsumer onFinal) {
        try {
            flow.channel().eventLoop().execute(() -> {
                launching.decrementAndGet();
                launch(flow, request, onFinal);
            });
        } catch (RejectedExecutionException e) {
            launching.decrementAndGet();
            onFinal.accept(503); // the event loop is stopping
        }
    }

    private void launch(Flow flow, String request, IntConsumer onFinal) {
        String branch = s.branches().next();
        int sp = request.indexOf(' ');
        int eol = request.indexOf("\r\n");
        String method = request.substring(0, sp);
        String via = "Via: SIP/2.0/" + flow.transport().viaToken() + " "
                + s.config().addressFor(flow.transport()).hostPort() + ";branch=" + branch + "\r\n";
        ByteBuf bytes = Unpooled.copiedBuffer(request.substring(0, eol + 2) + via + request.substring(eol + 2),
                StandardCharsets.UTF_8);
        NonInviteClientTransaction<SipMessage> tx = new NonInviteClientTransaction<>(
                TransactionKey.client(branch, method), flow, flow.channel().eventLoop(), s.config().timers(),
                s.timers(), new Once(onFinal), s.table().remover());
        if (!s.table().addClient(tx)) {
            bytes.release();
            onFinal.accept(503);
            return;
        }
        tx.start(bytes);
    }

    /** Reports the first final outcome only. */
    private static final class Once implements ClientTransactionUser<SipMessage> {
        private final IntConsumer onFinal;
        private boolean told;

        Once(IntConsumer onFinal) {
            this.onFinal = onFinal;
        }

        private void tell(int status) {
            if (!told) {
                told = true;
                onFinal.accept(status);
            }
        }

        @Override
        public void onResponse(ClientTransaction tx, int status, SipMessage response) {
            if (status >= 200) {
                tell(status);
            }
        }

        @Override
        public void onTimeout(ClientTransaction tx) {
            tell(408);
        }

        @Override
        public void onTransportError(ClientTransaction tx, Throwable cause) {
            tell(503);
        }
    }
}
