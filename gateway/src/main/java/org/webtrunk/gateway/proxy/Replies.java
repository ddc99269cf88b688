package org.webtrunk.gateway.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.List;
import org.webtrunk.gateway.proxy.transaction.ServerTransaction;
import org.webtrunk.gateway.sip.SipMessage;
import org.webtrunk.gateway.sip.SipResponseBuilder;

/**
 * The one place the proxy turns a decision into a SIP response of its own: through the server
 * transaction when there is one (so retransmissions get it again), statelessly otherwise. Never a
 * response to an ACK (RFC 3261 §17.2.1), never a stack trace.
 */
final class Replies {
    private final SipResponseBuilder builder;
    private final ByteBufAllocator alloc;

    Replies(SipResponseBuilder builder, ByteBufAllocator alloc) {
        this.builder = builder;
        this.alloc = alloc;
    }

    ByteBuf build(SipMessage request, int status, String reason, List<String> headers) {
        return builder.build(request, status, reason, headers, alloc);
    }

    void send(SipMessage request, ServerTransaction tx, int status, String reason, List<String> headers) {
        if (!SipResponseBuilder.answerable(request)) {
            return;
        }
        ByteBuf response = build(request, status, reason, headers);
        if (tx != null) {
            tx.sendResponse(status, response);
        } else {
            request.flow().send(response);
        }
    }
}
