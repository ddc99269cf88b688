package org.webtrunk.gateway.proxy.transaction;

import io.netty.buffer.ByteBuf;
import org.webtrunk.gateway.transport.Flow;

/** The server side of a transaction: answers go back over the flow the request came in on. */
public sealed interface ServerTransaction extends Transaction
        permits InviteServerTransaction, NonInviteServerTransaction {

    /** The flow the request came in on, where every response goes. */
    Flow flow();

    /**
     * Sends a response and moves the state machine. Takes ownership of {@code response}. Ignored (and
     * released) once a final response has been sent, except 2xx retransmissions of an INVITE (RFC 6026).
     */
    void sendResponse(int status, ByteBuf response);

    /** The peer retransmitted the request: resend the last response, if any; never forward it again. */
    void onRetransmission();

    /** Status of the last response sent; 0 if none yet. */
    int lastStatus();
}
