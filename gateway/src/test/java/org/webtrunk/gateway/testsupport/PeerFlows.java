package org.webtrunk.gateway.testsupport;

import static org.junit.jupiter.api.Assertions.assertFalse;

import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.webtrunk.gateway.proxy.ProxyCore;
import org.webtrunk.gateway.proxy.Target;
import org.webtrunk.gateway.proxy.transaction.TestFlows;
import org.webtrunk.gateway.sip.SipMessage;
import org.webtrunk.gateway.transport.Flow;
import org.webtrunk.gateway.transport.Transport;

/**
 * The SIP peers of a {@link ProxyCore} under test (callers, trunks, browsers): each a flow on its own
 * EmbeddedChannel, reachable through {@link #outbound}. Shared by the proxy and dialog harnesses.
 */
public final class PeerFlows {
    /** The flows an OutboundFlows of the harness hands out, by remote address. */
    public final Map<InetSocketAddress, Flow> outbound = new HashMap<>();
    private final List<EmbeddedChannel> channels = new ArrayList<>();

    public Peer peer(Transport transport, String ip, int port) {
        EmbeddedChannel ch = new EmbeddedChannel();
        channels.add(ch);
        Flow flow = TestFlows.flow(ch, transport, ip, port);
        outbound.put(flow.remote(), flow);
        return new Peer(ch, flow);
    }

    public static Target target(Peer peer) {
        return Target.of(peer.flow.transport(), peer.flow.remote(), null);
    }

    public static void request(ProxyCore core, Peer from, String text) {
        core.onRequest(SipMessage.decode(TestFlows.bytes(text), from.flow, 256, false));
    }

    public static void response(ProxyCore core, Peer from, String text) {
        core.onResponse(SipMessage.decode(TestFlows.bytes(text), from.flow, 256, false));
    }

    /** Runs what is queued, drops what was sent, and fails if a channel still holds a message. */
    public void close() {
        for (EmbeddedChannel ch : channels) {
            ch.runPendingTasks();
            TestFlows.sent(ch);
            assertFalse(ch.finish());
        }
    }

    public record Peer(EmbeddedChannel channel, Flow flow) {
        /** What was sent to this peer since the last look (after running queued tasks). */
        public List<String> sent() {
            channel.runPendingTasks();
            return TestFlows.sent(channel);
        }

        /** The one message sent to this peer since the last look. */
        public String only() {
            List<String> s = sent();
            if (s.size() != 1) {
                throw new AssertionError("expected one message, got " + s);
            }
            return s.get(0);
        }
    }
}
