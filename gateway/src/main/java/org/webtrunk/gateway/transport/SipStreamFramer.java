package org.webtrunk.gateway.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Cuts a TCP/TLS byte stream into SIP messages by Content-Length (RFC 3261 §18.3) and emits one
 * {@link SipFrame} per message. Never throws on bad input and never buffers more than the limit:
 * <ul>
 *   <li>CRLFs before a message are skipped (RFC 3261 §7.5); a CRLFCRLF "ping" gets a CRLF "pong"
 *       (RFC 5626 §3.5.1).</li>
 *   <li>Content-Length is found by its full or compact name ({@code l}), case-insensitively, with folded
 *       whitespace. RFC 3261 §18.3 requires it on streams; when it is missing the body is taken as empty and
 *       the frame is emitted anyway, so the sanity stage can answer 400 rather than the connection hanging.</li>
 *   <li>A header block longer than the limit, or headers plus Content-Length beyond it: an oversized frame
 *       (the first bytes, enough for the start line and Via) so the SIP stage can answer 513
 *       (RFC 3261 §21.5.14); an unreadable or contradictory Content-Length: the headers as a frame, for a 400.
 *       Either way the stream cannot be re-synchronised, so all further input is discarded and the
 *       connection is closed after the replies written in the same event-loop turn.</li>
 * </ul>
 */
final class SipStreamFramer extends ByteToMessageDecoder {
    private static final byte CR = '\r';
    private static final byte LF = '\n';
    private static final byte[] PONG = {CR, LF};
    private static final long MISSING = -1;
    private static final long INVALID = -2;
    private static final long TOO_BIG = Long.MAX_VALUE / 2;

    private final Flow flow;
    private final int maxMessageBytes;
    private final TransportMetrics metrics;
    private boolean failed;

    SipStreamFramer(Flow flow, int maxMessageBytes, TransportMetrics metrics) {
        this.flow = flow;
        this.maxMessageBytes = maxMessageBytes;
        this.metrics = metrics;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        if (!skipKeepAlives(ctx, in)) {
            return;
        }
        int start = in.readerIndex();
        int searchEnd = (int) Math.min(in.writerIndex(), (long) start + maxMessageBytes);
        int headersEnd = endOfHeaders(in, start, searchEnd);
        if (headersEnd < 0) {
            if (in.readableBytes() >= maxMessageBytes) {
                metrics.frameTooLarge(flow.transport());
                out.add(new SipFrame(in.readRetainedSlice(maxMessageBytes), flow, true));
                fail(ctx, in);
            }
            return;
        }
        int headerLength = headersEnd - start;
        long contentLength = contentLength(in, start, headersEnd);
        if (contentLength == INVALID) {
            out.add(new SipFrame(in.readRetainedSlice(headerLength), flow));
            fail(ctx, in);
            return;
        }
        long total = headerLength + Math.max(0, contentLength);
        if (total > maxMessageBytes) {
            metrics.frameTooLarge(flow.transport());
            out.add(new SipFrame(in.readRetainedSlice(headerLength), flow, true));
            fail(ctx, in);
            return;
        }
        if (in.readableBytes() < total) {
            return;
        }
        out.add(new SipFrame(in.readRetainedSlice((int) total), flow));
    }

    /** Stops framing: drops the rest of the stream and closes once the replies queued so far are flushed. */
    private void fail(ChannelHandlerContext ctx, ByteBuf in) {
        failed = true;
        in.skipBytes(in.readableBytes());
        ctx.executor().execute(() ->
                ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE));
    }

    /**
     * Skips CRLFs before a message, answering each CRLFCRLF with CRLF. Returns true when a message starts
     * at the reader index, false when more bytes are needed.
     */
    private static boolean skipKeepAlives(ChannelHandlerContext ctx, ByteBuf in) {
        while (in.isReadable()) {
            int i = in.readerIndex();
            int readable = in.readableBytes();
            byte b = in.getByte(i);
            if (b != CR && b != LF) {
                return true;
            }
            if (b == LF) {
                in.skipBytes(1);
            } else if (readable < 2) {
                return false;
            } else if (in.getByte(i + 1) != LF) {
                in.skipBytes(1);
            } else if (readable >= 4 && in.getByte(i + 2) == CR && in.getByte(i + 3) == LF) {
                in.skipBytes(4);
                ctx.writeAndFlush(Unpooled.wrappedBuffer(PONG));
            } else if (readable == 2 || (readable == 3 && in.getByte(i + 2) == CR)) {
                return false; // could still become a CRLFCRLF ping
            } else {
                in.skipBytes(2);
            }
        }
        return false;
    }

    /** Index just after the first CRLFCRLF in [from, to), or -1. */
    private static int endOfHeaders(ByteBuf in, int from, int to) {
        for (int i = from; i + 3 < to; i++) {
            if (in.getByte(i) == CR && in.getByte(i + 1) == LF && in.getByte(i + 2) == CR
                    && in.getByte(i + 3) == LF) {
                return i + 4;
            }
        }
        return -1;
    }

    /**
     * The Content-Length of the header block [start, end), which ends with CRLFCRLF: MISSING, INVALID
     * (not a number, or two different values) or TOO_BIG for an absurd number.
     */
    static long contentLength(ByteBuf in, int start, int end) {
        int lineStart = indexOfCrlf(in, start, end) + 2; // skip the start line
        long found = MISSING;
        while (lineStart > 1 && lineStart < end - 2) {
            int lineEnd = indexOfCrlf(in, lineStart, end);
            // a line starting with whitespace continues the previous header (RFC 3261 §7.3.1)
            while (lineEnd + 2 < end - 2 && isWsp(in.getByte(lineEnd + 2))) {
                lineEnd = indexOfCrlf(in, lineEnd + 2, end);
            }
            int colon = in.indexOf(lineStart, lineEnd, (byte) ':');
            if (colon > lineStart && isContentLengthName(in, lineStart, colon)) {
                long value = parseLength(in, colon + 1, lineEnd);
                if (value == INVALID || (found != MISSING && found != value)) {
                    return INVALID;
                }
                found = value;
            }
            lineStart = lineEnd + 2;
        }
        return found;
    }

    private static boolean isContentLengthName(ByteBuf in, int from, int colon) {
        int to = colon;
        while (to > from && isWsp(in.getByte(to - 1))) {
            to--;
        }
        int length = to - from;
        if (length == 1) {
            return (in.getByte(from) | 0x20) == 'l';
        }
        if (length != 14) {
            return false;
        }
        String name = "content-length";
        for (int k = 0; k < 14; k++) {
            int c = in.getByte(from + k);
            if (c >= 'A' && c <= 'Z') {
                c |= 0x20;
            }
            if (c != name.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    private static long parseLength(ByteBuf in, int from, int to) {
        long value = 0;
        int digits = 0;
        boolean ended = false;
        for (int i = from; i < to; i++) {
            byte c = in.getByte(i);
            if (isWsp(c) || c == CR || c == LF) {
                ended = digits > 0;
            } else if (c >= '0' && c <= '9' && !ended) {
                if (++digits > 10) {
                    return TOO_BIG;
                }
                value = value * 10 + (c - '0');
            } else {
                return INVALID;
            }
        }
        return digits == 0 ? INVALID : value;
    }

    private static int indexOfCrlf(ByteBuf in, int from, int to) {
        for (int i = from; i + 1 < to; i++) {
            if (in.getByte(i) == CR && in.getByte(i + 1) == LF) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isWsp(byte b) {
        return b == ' ' || b == '\t';
    }
}
