package org.webtrunk.gateway.proxy.transaction;

import org.webtrunk.gateway.transport.Flow;

/** The client side of a transaction: sends one request over one flow and matches its responses. */
public sealed interface ClientTransaction extends Transaction
        permits ClientTransactionBase {

    Flow flow();

    /** True once any response (even 100) has come back: the far end is alive. */
    boolean hasResponse();

    /**
     * True until a final response has come back. Readable from any thread: shutdown waits only for these,
     * not for the ones kept to absorb retransmissions (an ended transaction has left the table).
     */
    boolean awaitingFinalResponse();

    /**
     * Stops retransmitting and forgets the transaction without telling its user (used when a proxy gives
     * up on a branch). Responses that still arrive find no transaction.
     */
    void abandon();
}
