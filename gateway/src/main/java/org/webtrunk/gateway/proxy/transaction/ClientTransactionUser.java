package org.webtrunk.gateway.proxy.transaction;

/**
 * What a client transaction reports to the layer above (the transaction user, RFC 3261 §17.1).
 * Called on the transaction's event loop.
 *
 * @param <M> the parsed response type
 */
public interface ClientTransactionUser<M> {
    /** A response to pass up: provisional, final, or a 2xx retransmission (RFC 6026 §8.4). */
    void onResponse(ClientTransaction tx, int status, M response);

    /** Timer B or F fired before a final response (RFC 3261 §17.1.1.2, §17.1.2.2). */
    void onTimeout(ClientTransaction tx);

    /** The request could not be sent (§17.1.4). */
    void onTransportError(ClientTransaction tx, Throwable cause);
}
