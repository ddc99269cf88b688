package org.webtrunk.gateway.sip;

import io.netty.util.ReferenceCounted;
import java.util.List;
import java.util.Objects;

/**
 * A response the gateway owes to a received request. Any stage fires one down the pipeline with
 * {@code ctx.fireChannelRead(reply)}; {@link SipReplyWriter}, always last, is the one place that turns it
 * into bytes. It owns the request: releasing the reply releases the request.
 *
 * @see SipChannelHandlers
 */
public final class SipReply implements ReferenceCounted {
    private final SipMessage request;
    private final int status;
    private final String reason;
    private final List<String> headers;
    private final String rejectedBy;

    private SipReply(SipMessage request, int status, String reason, List<String> headers, String rejectedBy) {
        this.request = Objects.requireNonNull(request, "request");
        this.status = status;
        this.reason = Objects.requireNonNull(reason, "reason");
        this.headers = List.copyOf(headers);
        this.rejectedBy = rejectedBy;
    }

    /** A regular answer (e.g. 200 to OPTIONS). */
    public static SipReply of(SipMessage request, int status, String reason, List<String> headers) {
        return new SipReply(request, status, reason, headers, null);
    }

    /** An error answer because a named check failed; {@code check} is the metric tag. */
    public static SipReply reject(SipMessage request, int status, String reason, List<String> headers, String check) {
        return new SipReply(request, status, reason, headers, Objects.requireNonNull(check, "check"));
    }

    public SipMessage request() {
        return request;
    }

    public int status() {
        return status;
    }

    public String reason() {
        return reason;
    }

    /** Extra header lines, without line ends. */
    public List<String> headers() {
        return headers;
    }

    /** The check that failed, null for a regular answer. */
    public String rejectedBy() {
        return rejectedBy;
    }

    @Override
    public int refCnt() {
        return request.refCnt();
    }

    @Override
    public SipReply retain() {
        request.retain();
        return this;
    }

    @Override
    public SipReply retain(int increment) {
        request.retain(increment);
        return this;
    }

    @Override
    public SipReply touch() {
        request.touch();
        return this;
    }

    @Override
    public SipReply touch(Object hint) {
        request.touch(hint);
        return this;
    }

    @Override
    public boolean release() {
        return request.release();
    }

    @Override
    public boolean release(int decrement) {
        return request.release(decrement);
    }

    @Override
    public String toString() {
        return "SipReply[" + status + " " + reason + (rejectedBy != null ? " by " + rejectedBy : "") + " to " + request + "]";
    }
}
