package org.webtrunk.gateway.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.AdaptiveByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The bytes a reply or a forwarded request copies from the received message arrive unchanged and in order. */
class ByteCopyTest {
    private static final String DATAGRAM = "REGISTER sip:example.com SIP/2.0\r\nCall-ID: abc@host\r\n\r\n";

    @Test
    void copiesASliceOfAPooledDirectBufferIntoAGrowingOne() {
        AdaptiveByteBufAllocator alloc = new AdaptiveByteBufAllocator();
        ByteBuf received = alloc.directBuffer(2048).writeBytes(DATAGRAM.getBytes(StandardCharsets.US_ASCII));
        ByteBuf message = received.retainedSlice(0, received.writerIndex()); // as the datagram decoder hands it on
        received.release();
        ByteBuf out = alloc.directBuffer(4).writeBytes("x: ".getBytes(StandardCharsets.US_ASCII));
        try {
            int at = DATAGRAM.indexOf("abc");
            ByteCopy.append(message, at, "abc@host".length(), out);
            ByteCopy.append(message, 0, 8, out);
            assertEquals("x: abc@hostREGISTER", out.toString(StandardCharsets.US_ASCII));
        } finally {
            message.release();
            out.release();
        }
    }

    @Test
    void copiesIntoAHeapBuffer() {
        ByteBuf src = Unpooled.directBuffer().writeBytes(DATAGRAM.getBytes(StandardCharsets.US_ASCII));
        ByteBuf out = Unpooled.buffer(1);
        try {
            ByteCopy.append(src, 9, 15, out);
            assertEquals("sip:example.com", out.toString(StandardCharsets.US_ASCII));
        } finally {
            src.release();
            out.release();
        }
    }
}
