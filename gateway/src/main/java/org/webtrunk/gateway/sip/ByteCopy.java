package org.webtrunk.gateway.sip;

import io.netty.buffer.ByteBuf;

/**
 * Copies bytes of a received message into an outgoing buffer. {@code out.writeBytes(src, index, length)} would
 * be the plain way, but with a received datagram (a slice of Netty's pooled buffer) Netty 4.2 takes its general
 * path there: a new NIO view of each buffer per call (about 5 % of the bytes allocated per REGISTER, measured with
 * async-profiler). Asking the source to copy into {@code out} ends in one memory copy between the two addresses.
 */
final class ByteCopy {
    private ByteCopy() {
    }

    /** Appends {@code src[index, index + length)} to {@code out}, growing it as needed. */
    static void append(ByteBuf src, int index, int length, ByteBuf out) {
        out.ensureWritable(length);
        int at = out.writerIndex();
        src.getBytes(index, out, at, length);
        out.writerIndex(at + length);
    }
}
