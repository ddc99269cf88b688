package org.webtrunk.gateway.sip;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import java.nio.charset.StandardCharsets;
import org.webtrunk.gateway.config.SipConfig;
import org.webtrunk.gateway.transport.Flow;
import org.webtrunk.gateway.transport.SipFrame;
import org.webtrunk.gateway.transport.Transport;

/** An EmbeddedChannel with the whole SIP stage, fed SipFrames; replies are read back as text. */
public final class PipelineHarness implements AutoCloseable {
    public static final SipConfig CONFIG = new SipConfig("WebTrunk", 70, 256, 10);

    public final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    public final EmbeddedChannel channel = new EmbeddedChannel();
    private final Flow flow;

    public PipelineHarness(Transport transport) {
        new SipChannelHandlers(CONFIG, registry).addTo(channel.pipeline());
        flow = TestMessages.flow(transport, channel);
    }

    public Flow flow() {
        return flow;
    }

    /** Feeds one frame; returns the reply text, or null when nothing was sent. */
    public String send(byte[] bytes) {
        return send(bytes, false);
    }

    public String send(byte[] bytes, boolean oversized) {
        channel.writeInbound(new SipFrame(Unpooled.wrappedBuffer(bytes), flow, oversized));
        Object out = channel.readOutbound();
        if (out == null) {
            return null;
        }
        ByteBuf buf = out instanceof DatagramPacket p ? p.content() : (ByteBuf) out;
        try {
            return buf.toString(StandardCharsets.UTF_8);
        } finally {
            buf.release();
        }
    }

    public String send(String text) {
        return send(TestMessages.wire(text));
    }

    public double count(String name, String tag, String value) {
        var c = registry.find(name).tag(tag, value).counter();
        return c == null ? 0 : c.count();
    }

    /** True if the pipeline left nothing behind (call once, at the end). */
    public boolean finish() {
        return channel.finish();
    }

    @Override
    public void close() {
        channel.finishAndReleaseAll();
    }

    public static String statusLine(String reply) {
        return reply == null ? null : reply.substring(0, reply.indexOf("\r\n"));
    }
}
