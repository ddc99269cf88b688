package org.webtrunk.gateway.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import java.io.IOException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/** What an operator sees of errors that end a pipeline: a counter by transport and kind, and the connection closed. */
class ExceptionHandlerTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final TransportMetrics metrics = new TransportMetrics(registry);

    private double errors(Transport transport, String kind) {
        Counter c = registry.find("webtrunk.transport.errors").tags("transport", transport.uriParam(), "kind", kind)
                .counter();
        return c == null ? 0 : c.count();
    }

    @Test
    void aResetConnectionIsCountedAsAnIoErrorAndClosed() {
        EmbeddedChannel ch = new EmbeddedChannel(new ExceptionHandler(metrics, Transport.TCP, true));
        ch.pipeline().fireExceptionCaught(new IOException("Connection reset by peer"));
        assertEquals(1, errors(Transport.TCP, "io"));
        assertFalse(ch.isOpen(), "the connection is closed");
        assertNull(ch.readOutbound(), "nothing is written to the peer");
    }

    @Test
    void aUdpReadErrorIsCountedAndTheSharedSocketStaysOpen() {
        EmbeddedChannel ch = new EmbeddedChannel(new ExceptionHandler(metrics, Transport.UDP, false));
        ch.pipeline().fireExceptionCaught(new IOException("recvmsg failed"));
        ch.pipeline().fireExceptionCaught(new IOException("recvmsg failed"));
        assertEquals(2, errors(Transport.UDP, "io"));
        assertTrue(ch.isOpen(), "the listening socket serves every peer");
    }

    @Test
    void aFailedTlsHandshakeIsCountedAsTlsNotAsIo() {
        EmbeddedChannel ch = new EmbeddedChannel(new ExceptionHandler(metrics, Transport.WSS, true));
        ch.pipeline().fireExceptionCaught(new DecoderException(new SSLHandshakeException("no cipher suites in common")));
        assertEquals(1, errors(Transport.WSS, "tls"));
        assertEquals(0, errors(Transport.WSS, "io"));
        assertEquals(0, errors(Transport.WSS, "decode"));
    }

    @Test
    void aDecoderFailureAndAnUnexpectedErrorAreCountedApart() {
        EmbeddedChannel ch = new EmbeddedChannel(new ExceptionHandler(metrics, Transport.WS, false));
        ch.pipeline().fireExceptionCaught(new DecoderException("bad frame"));
        ch.pipeline().fireExceptionCaught(new IllegalStateException("a bug"));
        assertEquals(1, errors(Transport.WS, "decode"));
        assertEquals(1, errors(Transport.WS, "unexpected"));
    }
}
