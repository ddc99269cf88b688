package org.webtrunk.gateway.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;

/**
 * The bytes of exactly one SIP message as framed by a transport, with the flow it came in on.
 *
 * <p>Every listener's pipeline ends by emitting these, so one decoder serves every transport:
 * UDP emits one per datagram, TCP/TLS one per Content-Length frame (RFC 3261 §18.3),
 * WS/WSS one per WebSocket message (RFC 7118 §5.2).
 */
public final class SipFrame extends DefaultByteBufHolder {
    private final Flow flow;
    private final boolean oversized;

    public SipFrame(ByteBuf content, Flow flow) {
        this(content, flow, false);
    }

    /**
     * @param oversized the message was larger than the listener's limit: {@code content} holds only its
     *                  first bytes (enough to read the headers), and the decoder must answer 513
     *                  (RFC 3261 §21.5.14) instead of processing it
     */
    public SipFrame(ByteBuf content, Flow flow, boolean oversized) {
        super(content);
        this.flow = flow;
        this.oversized = oversized;
    }

    public Flow flow() {
        return flow;
    }

    public boolean oversized() {
        return oversized;
    }

    @Override
    public SipFrame replace(ByteBuf content) {
        return new SipFrame(content, flow, oversized);
    }

    @Override
    public SipFrame retain() {
        super.retain();
        return this;
    }
}
