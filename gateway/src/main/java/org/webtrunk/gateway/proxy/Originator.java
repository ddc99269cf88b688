package org.webtrunk.gateway.proxy;

import java.util.function.IntConsumer;

/**
 * Sends requests the gateway makes itself (BYE for a call whose browser vanished, in-dialog OPTIONS
 * probes) through a non-INVITE client transaction of its own (RFC 3261 §17.1.2): retransmitted on UDP,
 * Timer F bounded, the response absorbed here and never relayed.
 */
public interface Originator {
    /**
     * @param request complete request text without a Via (ours, with a fresh branch, is put on top), ending
     *                with the blank line; no body
     * @param onFinal told exactly once, on some event loop: the final status, 408 on a timeout,
     *                503 when the target cannot be reached (RFC 3261 §8.1.3.1)
     */
    void send(Target target, String request, IntConsumer onFinal);
}
