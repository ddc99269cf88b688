package org.webtrunk.gateway.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.webtrunk.gateway.testsupport.SipText.answer;
import static org.webtrunk.gateway.proxy.ProxyHarness.invite;
import static org.webtrunk.gateway.testsupport.SipText.startLine;

import io.netty.channel.embedded.EmbeddedChannel;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.webtrunk.gateway.proxy.transaction.TestFlows;
import org.webtrunk.gateway.sip.SipMessage;
import org.webtrunk.gateway.transport.Transport;
import org.webtrunk.gateway.testsupport.PeerFlows;

class ProxyHandlerTest {
    @Test
    void requestsAndResponsesReachTheProxyAndOtherMessagesPassOn() {
        ProxyHarness h = new ProxyHarness();
        PeerFlows.Peer caller = h.peer(Transport.UDP, "10.0.0.1", 5060);
        PeerFlows.Peer trunk = h.peer(Transport.UDP, "10.0.0.2", 5060);
        h.plan = List.of(h.target(trunk));
        EmbeddedChannel pipeline = new EmbeddedChannel(new ProxyHandler(h.core));

        assertFalse(pipeline.writeInbound(decode(invite("z9hG4bK-1"), caller)));
        assertEquals("SIP/2.0 100 Trying", startLine(caller.only()));
        String fwd = trunk.only();
        assertFalse(pipeline.writeInbound(decode(answer(fwd, 180, "Ringing"), trunk)));
        assertEquals("SIP/2.0 180 Ringing", startLine(caller.only()));

        assertTrue(pipeline.writeInbound("not SIP"));
        assertEquals("not SIP", pipeline.readInbound());
        assertFalse(pipeline.finish());
        h.close();
    }

    private static SipMessage decode(String text, PeerFlows.Peer from) {
        return SipMessage.decode(TestFlows.bytes(text), from.flow(), 256, false);
    }
}
