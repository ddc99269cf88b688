package org.webtrunk.gateway.proxy.transaction;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufHolder;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.webtrunk.gateway.transport.Flow;
import org.webtrunk.gateway.transport.Transport;

/** Flows over {@link EmbeddedChannel}s, and what was sent on them as text. */
public final class TestFlows {
    private TestFlows() {
    }

    public static Flow flow(EmbeddedChannel channel, Transport transport, String ip, int port) {
        return new Flow(transport == Transport.UDP ? 0 : port, transport, channel,
                new InetSocketAddress(ip, port), new InetSocketAddress("127.0.0.1", 5060));
    }

    /** Drains and releases everything written to {@code channel}, as strings. */
    public static List<String> sent(EmbeddedChannel channel) {
        List<String> out = new ArrayList<>();
        Object o;
        while ((o = channel.readOutbound()) != null) {
            try {
                ByteBuf b = o instanceof ByteBufHolder h ? h.content() : (ByteBuf) o;
                out.add(b.toString(StandardCharsets.UTF_8));
            } finally {
                ReferenceCountUtil.release(o);
            }
        }
        return out;
    }

    public static ByteBuf bytes(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.UTF_8);
    }
}
