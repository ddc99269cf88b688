package org.webtrunk.gateway.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class AsciiFastUtf8FrameValidatorTest {
    private final EmbeddedChannel ch = new EmbeddedChannel(new AsciiFastUtf8FrameValidator());

    @Test
    void anAsciiSipMessagePassesUntouched() {
        String sip = "REGISTER sip:bench.test SIP/2.0\r\nVia: SIP/2.0/WSS x.invalid;branch=z9hG4bK1\r\n\r\n";
        assertTrue(ch.writeInbound(new TextWebSocketFrame(sip)));
        WebSocketFrame out = ch.readInbound();
        assertEquals(sip, out.content().toString(StandardCharsets.UTF_8));
        out.release();
        assertTrue(ch.isOpen());
    }

    @Test
    void validNonAsciiUtf8PassesThroughNettysCheck() {
        assertTrue(ch.writeInbound(new TextWebSocketFrame("From: \"Zoë Ünal\" <sip:z@x.invalid>")));
        WebSocketFrame out = ch.readInbound();
        out.release();
        assertTrue(ch.isOpen());
    }

    @Test
    void invalidUtf8IsClosedWith1007() {
        assertThrows(CorruptedWebSocketFrameException.class, () -> ch.writeInbound(
                new TextWebSocketFrame(Unpooled.wrappedBuffer(new byte[] {'O', 'K', (byte) 0xC3, 0x28}))));
        assertNull(ch.readInbound(), "the frame is not passed on");
        CloseWebSocketFrame close = ch.readOutbound();
        assertEquals(1007, close.statusCode());
        close.release();
        assertFalse(ch.isOpen());
    }

    @Test
    void aCharacterSplitAcrossFragmentsIsValid() {
        byte[] e = "é".getBytes(StandardCharsets.UTF_8);
        ch.writeInbound(new TextWebSocketFrame(false, 0, Unpooled.wrappedBuffer(new byte[] {'a', e[0]})));
        ch.writeInbound(new ContinuationWebSocketFrame(true, 0, Unpooled.wrappedBuffer(new byte[] {e[1], 'b'})));
        for (int i = 0; i < 2; i++) {
            WebSocketFrame out = ch.readInbound();
            out.release();
        }
        assertTrue(ch.isOpen());
    }

    @Test
    void aTruncatedCharacterAtTheEndOfAFragmentedMessageIsClosedWith1007() {
        byte[] e = "é".getBytes(StandardCharsets.UTF_8);
        ch.writeInbound(new TextWebSocketFrame(false, 0, Unpooled.wrappedBuffer(new byte[] {'a', 'b'})));
        assertThrows(CorruptedWebSocketFrameException.class, () -> ch.writeInbound(
                new ContinuationWebSocketFrame(true, 0, Unpooled.wrappedBuffer(new byte[] {'c', e[0]}))));
        CloseWebSocketFrame close = ch.readOutbound();
        assertEquals(1007, close.statusCode());
        close.release();
        assertFalse(ch.isOpen());
        ch.releaseInbound();
    }

    @Test
    void theAsciiScanFindsAHighBitInEveryPosition() {
        for (int len = 1; len <= 24; len++) {
            for (int at = 0; at < len; at++) {
                byte[] b = new byte[len];
                java.util.Arrays.fill(b, (byte) 'a');
                b[at] = (byte) 0xC3;
                ByteBuf buf = Unpooled.wrappedBuffer(b);
                assertFalse(AsciiFastUtf8FrameValidator.isAscii(buf), "length " + len + ", at " + at);
                b[at] = 'z';
                assertTrue(AsciiFastUtf8FrameValidator.isAscii(buf));
            }
        }
    }
}
