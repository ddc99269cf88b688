package org.webtrunk.gateway.protection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.webtrunk.gateway.config.ProtectionConfig;
import org.webtrunk.gateway.config.ProtectionConfig.FloodAction;
import org.webtrunk.gateway.sip.SipMessage;
import org.webtrunk.gateway.sip.SipReply;
import org.webtrunk.gateway.transport.Transport;

class ProtectionHandlerTest {
    private final Fixtures f = new Fixtures();
    private final InetSocketAddress browser = new InetSocketAddress("198.51.100.7", 40000);
    private EdgeProtection edge;

    private EmbeddedChannel channel(ProtectionConfig c) {
        edge = new EdgeProtection(c, f.registry, f.clock);
        return new EmbeddedChannel(edge.sipHandler());
    }

    private SipMessage register(EmbeddedChannel ch, Transport t, String userAgent) {
        return Fixtures.message(Fixtures.request("REGISTER", userAgent), t, ch, browser);
    }

    private static void passes(EmbeddedChannel ch, SipMessage m) {
        assertTrue(ch.writeInbound(m));
        SipMessage out = ch.readInbound();
        assertEquals(m, out);
        out.release();
    }

    @Test
    void aBannedSourceIsDroppedAndItsConnectionClosed() {
        EmbeddedChannel ch = channel(Fixtures.config());
        edge.bans().ban(browser.getAddress(), BanReason.MANUAL, Duration.ofMinutes(1));
        SipMessage m = register(ch, Transport.WSS, "JsSIP 3.13.4");
        assertFalse(ch.writeInbound(m));
        assertEquals(0, m.refCnt());
        assertFalse(ch.isOpen());
        assertEquals(1.0, f.counter("webtrunk.protection.drops", "reason", "banned"));
        assertFalse(ch.finish());
    }

    @Test
    void aConnectionCrossingTheDensityGetsOne503ThenIsCutOff() {
        EmbeddedChannel ch = channel(Fixtures.withFlood(Fixtures.config(), 2, FloodAction.REJECT));
        passes(ch, register(ch, Transport.WS, null));
        passes(ch, register(ch, Transport.WS, null));
        assertTrue(ch.writeInbound(register(ch, Transport.WS, null)));
        SipReply reply = ch.readInbound();
        assertEquals(503, reply.status());
        assertEquals(List.of("Retry-After: 300"), reply.headers());
        assertEquals("flood", reply.rejectedBy());
        reply.release();
        assertTrue(ch.isOpen());
        assertTrue(edge.bans().isBanned(browser.getAddress()));

        SipMessage next = register(ch, Transport.WS, null);
        assertFalse(ch.writeInbound(next));
        assertEquals(0, next.refCnt());
        assertFalse(ch.isOpen());
        assertFalse(ch.finish());
    }

    @Test
    void withDropTheCrossingMessageIsDroppedSilently() {
        EmbeddedChannel ch = channel(Fixtures.withFlood(Fixtures.config(), 1, FloodAction.DROP));
        passes(ch, register(ch, Transport.TCP, null));
        assertFalse(ch.writeInbound(register(ch, Transport.TCP, null)));
        assertNull(ch.readInbound());
        assertFalse(ch.isOpen());
        assertEquals(1.0, f.counter("webtrunk.protection.drops", "reason", "flood"));
        assertFalse(ch.finish());
    }

    @Test
    void udpMessagesAreNotCountedTwiceButTheOwedAnswerIsGiven() {
        EmbeddedChannel ch = channel(Fixtures.withFlood(Fixtures.config(), 1, FloodAction.REJECT));
        for (int i = 0; i < 5; i++) {
            passes(ch, register(ch, Transport.UDP, null)); // the DatagramGuard counts UDP, not this stage
        }
        // as the DatagramGuard does for the crossing datagram under action reject:
        edge.bans().ban(browser.getAddress(), BanReason.FLOOD, Duration.ofMinutes(5), true);
        assertTrue(ch.writeInbound(register(ch, Transport.UDP, null)));
        SipReply reply = ch.readInbound();
        assertEquals(503, reply.status());
        reply.release();
        assertFalse(ch.writeInbound(register(ch, Transport.UDP, null)));
        assertTrue(ch.isOpen()); // the shared UDP socket is never closed
        assertFalse(ch.finish());
    }

    @Test
    void aScannerIsDroppedWithoutAnswerAndBanned() {
        EmbeddedChannel ch = channel(Fixtures.config());
        SipMessage m = Fixtures.message(Fixtures.request("OPTIONS", "friendly-scanner"), Transport.UDP, ch, browser);
        assertFalse(ch.writeInbound(m));
        assertEquals(0, m.refCnt());
        assertTrue(edge.bans().isBanned(browser.getAddress()));
        assertEquals(1.0, f.counter("webtrunk.protection.drops", "reason", "scanner"));
        assertFalse(ch.finish());
    }

    @Test
    void requestsOverTheConnectionRateGet503ButAcksPass() {
        EmbeddedChannel ch = channel(Fixtures.withLimits(Fixtures.config(), l -> Fixtures.requests(l, 1, 2)));
        passes(ch, register(ch, Transport.WSS, null));
        passes(ch, register(ch, Transport.WSS, null));
        assertTrue(ch.writeInbound(register(ch, Transport.WSS, null)));
        SipReply reply = ch.readInbound();
        assertEquals(503, reply.status());
        assertEquals(List.of("Retry-After: 1"), reply.headers());
        reply.release();
        passes(ch, Fixtures.message(Fixtures.request("ACK", null), Transport.WSS, ch, browser));
        passes(ch, Fixtures.message("SIP/2.0 200 OK\nVia: SIP/2.0/WSS a.invalid;branch=z9hG4bK1\n"
                + "To: <sip:a@b>;tag=1\nFrom: <sip:b@b>;tag=2\nCall-ID: x\nCSeq: 1 INVITE\nContent-Length: 0\n\n",
                Transport.WSS, ch, browser));
        assertTrue(ch.isOpen());
        assertFalse(ch.finish());
    }

    @Test
    void anAllowListedTrunkIsNotHeldToTheBrowserRateOnItsConnection() {
        EmbeddedChannel ch = channel(Fixtures.withLimits(
                Fixtures.withAllowList(Fixtures.config(), List.of("198.51.100.0/24")), l -> Fixtures.requests(l, 1, 2)));
        for (int i = 0; i < 10; i++) {
            passes(ch, Fixtures.message(Fixtures.request("INVITE", null), Transport.TCP, ch, browser));
        }
        assertEquals(0.0, f.counter("webtrunk.protection.limit.hits", "limit", "request-rate"));
        assertTrue(ch.isOpen());
        assertFalse(ch.finish());
    }
}
