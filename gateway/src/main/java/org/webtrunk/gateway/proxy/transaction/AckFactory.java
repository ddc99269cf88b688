package org.webtrunk.gateway.proxy.transaction;

import io.netty.buffer.ByteBuf;

/**
 * Builds the ACK an INVITE client transaction sends for a non-2xx final response (RFC 3261 §17.1.1.3):
 * Request-URI, Call-ID, From, top Via and Route of the INVITE, To of the response, CSeq number with ACK.
 *
 * @param <M> the parsed response type
 */
@FunctionalInterface
public interface AckFactory<M> {
    ByteBuf ackFor(M response);
}
