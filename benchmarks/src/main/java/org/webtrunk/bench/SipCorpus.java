package org.webtrunk.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import org.webtrunk.gateway.sip.SipMessage;
import org.webtrunk.gateway.transport.Flow;
import org.webtrunk.gateway.transport.Transport;

/**
 * The real JsSIP messages of the gateway's test corpus (copied onto the benchmark classpath by the pom),
 * in the shape the listeners hand them to the codec: one pooled direct buffer per message, decoded from
 * a retained duplicate as a framer would pass a frame on.
 */
final class SipCorpus {
    /** Most header lines the gateway indexes per message ({@code sip.max-header-count} default). */
    static final int MAX_HEADERS = 256;

    private SipCorpus() {
    }

    /** A corpus file by its name without {@code .sip}, e.g. {@code invite}. */
    static byte[] bytes(String name) {
        String path = "/sip-corpus/jssip/" + name + ".sip";
        try (InputStream in = SipCorpus.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("not on the classpath: " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The bytes in a pooled direct buffer, as a WebSocket frame arrives; the caller releases it. */
    static ByteBuf directBuffer(byte[] bytes) {
        ByteBuf buf = PooledByteBufAllocator.DEFAULT.directBuffer(bytes.length);
        buf.writeBytes(bytes);
        return buf;
    }

    /** A browser's secure WebSocket flow on loopback; the channel is never written to. */
    static Flow browserFlow() {
        return new Flow(7, Transport.WSS, new EmbeddedChannel(),
                new InetSocketAddress("127.0.0.1", 50123), new InetSocketAddress("127.0.0.1", 8443));
    }

    /** Decodes a retained duplicate of {@code frame}; the message owns the duplicate, release it. */
    static SipMessage decode(ByteBuf frame, Flow flow) {
        return SipMessage.decode(frame.retainedDuplicate(), flow, MAX_HEADERS, false);
    }
}
