package org.webtrunk.gateway.sip;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;

/**
 * A heap copy of a received message's bytes; indices are offsets into the message.
 *
 * <p>Why a copy: the parser reads byte by byte, and each {@code ByteBuf.getByte} on a received datagram (a slice
 * of a pooled direct buffer) checks the slice's and the parent's reference count and bounds. Those checks were
 * about 9 % of the UDP thread's time per REGISTER (async-profiler at 4,000/s); one bulk copy of a message of
 * 1-3 KB costs a fraction of that. Writes (forwarding, replies) copy ranges from it too, so the received buffer is
 * released at once.
 */
final class MessageBytes {
    private final byte[] bytes;

    /** Copies {@code buf[readerIndex, writerIndex)}, which becomes {@code [0, length())}. */
    MessageBytes(ByteBuf buf) {
        this.bytes = new byte[buf.readableBytes()];
        buf.getBytes(buf.readerIndex(), bytes);
    }

    int length() {
        return bytes.length;
    }

    byte get(int i) {
        return bytes[i];
    }

    /** Index of the first {@code value} in {@code [from, to)}, or -1. */
    int indexOf(int from, int to, byte value) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == value) {
                return i;
            }
        }
        return -1;
    }

    /** Index of the first CR or LF in {@code [from, to)}, or -1. */
    int indexOfLineBreak(int from, int to) {
        for (int i = from; i < to; i++) {
            byte c = bytes[i];
            if (c == SipChars.CR || c == SipChars.LF) {
                return i;
            }
        }
        return -1;
    }

    String string(int from, int to) {
        return new String(bytes, from, to - from, StandardCharsets.UTF_8);
    }

    /** A read-only heap buffer over {@code [from, to)}, sharing these bytes. */
    ByteBuf view(int from, int to) {
        return Unpooled.wrappedBuffer(bytes, from, to - from).asReadOnly();
    }

    /** Appends {@code [from, to)} to {@code out}. */
    void copyTo(int from, int to, ByteBuf out) {
        out.writeBytes(bytes, from, to - from);
    }
}
