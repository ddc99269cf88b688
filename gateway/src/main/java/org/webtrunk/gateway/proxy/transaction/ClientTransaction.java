package org.webtrunk.gateway.proxy.transaction;

import org.webtrunk.gateway.transport.Flow;

/** The client side of a transaction: sends one request over one flow and matches its responses. */
public sealed interface ClientTransaction extends Transaction
        permits InviteClientTransaction, NonInviteClientTransaction {

    Flow flow();

    /** True once any response (even 100) has come back: the far end is alive. */
    boolean hasResponse();

    /**
     * Stops retransmitting and forgets the transaction without telling its user (used when a proxy gives
     * up on a branch). Responses that still arrive find no transaction.
     */
    void abandon();
}
