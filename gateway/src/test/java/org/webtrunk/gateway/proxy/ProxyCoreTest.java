package org.webtrunk.gateway.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.webtrunk.gateway.testsupport.SipText.answer;
import static org.webtrunk.gateway.testsupport.SipText.branch;
import static org.webtrunk.gateway.testsupport.SipText.header;
import static org.webtrunk.gateway.testsupport.SipText.headers;
import static org.webtrunk.gateway.proxy.ProxyHarness.invite;
import static org.webtrunk.gateway.testsupport.SipText.msg;
import static org.webtrunk.gateway.testsupport.SipText.startLine;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.webtrunk.gateway.testsupport.SipText;
import org.webtrunk.gateway.transport.Transport;
import org.webtrunk.gateway.testsupport.PeerFlows;

class ProxyCoreTest {
    private final ProxyHarness h = new ProxyHarness();
    private final PeerFlows.Peer caller = h.peer(Transport.UDP, "10.0.0.1", 5060);
    private final PeerFlows.Peer trunk = h.peer(Transport.UDP, "10.0.0.2", 5060);
    private final PeerFlows.Peer trunk2 = h.peer(Transport.UDP, "10.0.0.3", 5060);

    @AfterEach
    void close() {
        h.close();
    }

    @Test
    void aRequestOfOurOwnAwaitsItsAnswerFromTheMomentItIsSent() {
        // shutdown waits on this count before closing connections: a BYE still queued on its connection's event
        // loop must count, or the browser's connection closes before the BYE is written
        List<Integer> finals = new ArrayList<>();
        h.core.originator().send(Target.of(caller.flow()), msg("BYE sip:alice@10.0.0.1:5060 SIP/2.0",
                "Max-Forwards: 70", "From: <sip:+15551234@gw.example>;tag=t1", "To: <sip:alice@gw.example>;tag=a1",
                "Call-ID: call-1", "CSeq: 2 BYE", "Content-Length: 0"), finals::add);
        assertEquals(1, h.core.ownRequestsAwaitingAnswer(), "queued on the connection's loop, not started yet");

        String bye = caller.only();
        assertEquals("BYE sip:alice@10.0.0.1:5060 SIP/2.0", startLine(bye));
        assertEquals(1, h.core.ownRequestsAwaitingAnswer(), "sent, not answered");

        h.response(caller, answer(bye, 200, "OK"));
        assertEquals(0, h.core.ownRequestsAwaitingAnswer());
        assertEquals(List.of(200), finals);
    }

    /** Sends the caller's INVITE to a one-target plan; returns the INVITE the trunk got. */
    private String forwardInvite() {
        h.plan = List.of(h.target(trunk));
        h.request(caller, invite("z9hG4bK-caller-1"));
        return trunk.only();
    }

    @Test
    void inviteGets100AtOnceAndIsForwardedWithOurViaRecordRouteAndOneHopLess() {
        String fwd = forwardInvite();
        assertEquals("SIP/2.0 100 Trying", startLine(caller.only()));
        assertEquals("INVITE sip:+15551234@10.0.0.2:5060 SIP/2.0", startLine(fwd));
        List<String> vias = headers(fwd, "Via");
        assertTrue(vias.get(0).startsWith("SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK"), vias.get(0));
        assertTrue(vias.get(1).contains("branch=z9hG4bK-caller-1"));
        assertEquals("69", header(fwd, "Max-Forwards"));
        assertEquals("<sip:192.0.2.10:5060;transport=udp;lr>", header(fwd, "Record-Route"));
    }

    @Test
    void aPlanGivenWithTheRequestWins() {
        h.plan = List.of(h.target(trunk));
        h.core.onRequest(org.webtrunk.gateway.sip.SipMessage.decode(
                org.webtrunk.gateway.proxy.transaction.TestFlows.bytes(invite("z9hG4bK-caller-1")), caller.flow(),
                256, false), request -> List.of(h.target(trunk2)));
        assertEquals(List.of(), trunk.sent());
        assertEquals("INVITE sip:+15551234@10.0.0.3:5060 SIP/2.0", startLine(trunk2.only()));
    }

    @Test
    void emptyPlanGets404() {
        h.request(caller, invite("z9hG4bK-caller-1"));
        List<String> replies = caller.sent();
        assertEquals("SIP/2.0 404 Not Found", startLine(replies.get(replies.size() - 1)));
    }

    @Test
    void aChallengedInviteKeepsNoTransactionAndItsAckIsAbsorbed() {
        h.plan = List.of(h.target(trunk));
        h.policy = request -> PolicyDecision.answer(407, "Proxy Authentication Required",
                "Proxy-Authenticate: Digest realm=\"gw\", nonce=\"n1\"");
        h.request(caller, invite("z9hG4bK-caller-1"));
        String challenge = caller.only();
        assertEquals("SIP/2.0 407 Proxy Authentication Required", startLine(challenge));
        assertEquals(0, h.core.transactions().size(), "a challenge is answered statelessly");
        h.request(caller, invite("z9hG4bK-caller-1"));
        assertEquals(header(challenge, "To"), header(caller.only(), "To"),
                "a retransmission is decided again and gets the same To tag");
        h.request(caller, msg("ACK sip:+15551234@gw.example SIP/2.0",
                "Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK-caller-1", "Max-Forwards: 70",
                "From: <sip:alice@gw.example>;tag=a1", "To: " + header(challenge, "To"),
                "Call-ID: call-1", "CSeq: 1 ACK", "Content-Length: 0"));
        assertEquals(List.of(), trunk.sent(), "the ACK of our 407 is not forwarded");
        assertEquals(List.of(), caller.sent());
        assertEquals(1, h.core.metrics().acksAbsorbed());
        assertEquals(2, h.core.metrics().statelessReplies());
    }

    @Test
    void aRegisterAnswered200OverUdpKeepsNoTransactionAndItsRetransmissionIsDecidedAgain() {
        h.policy = request -> PolicyDecision.answer(200, "OK", "Contact: <sip:alice@10.0.0.1:5060>;expires=600");
        h.request(caller, register("z9hG4bK-reg-1"));
        assertEquals("SIP/2.0 200 OK", startLine(caller.only()));
        assertEquals(0, h.core.transactions().size(), "no 32 s of Timer J per registration");
        h.request(caller, register("z9hG4bK-reg-1"));
        assertEquals("SIP/2.0 200 OK", startLine(caller.only()));
        assertEquals(2, h.policyCalls, "the policy (auth, registrar) recognises the retransmission itself");
    }

    @Test
    void aRegisterAnswered200OverAStreamKeepsNoTransaction() {
        PeerFlows.Peer browser = h.peer(Transport.WS, "10.0.0.9", 50000);
        h.policy = request -> PolicyDecision.answer(200, "OK");
        h.request(browser, register("z9hG4bK-reg-2").replace("SIP/2.0/UDP 10.0.0.1:5060", "SIP/2.0/WSS x.invalid"));
        assertEquals("SIP/2.0 200 OK", startLine(browser.only()));
        assertEquals(0, h.core.transactions().size(), "no retransmissions over a reliable transport (Timer J = 0)");
        assertEquals(1, h.core.metrics().statelessReplies());
    }

    @Test
    void aFullTableStillChallengesButRefusesToForward() {
        ProxyHarness full = new ProxyHarness(1);
        try {
            PeerFlows.Peer c = full.peer(Transport.UDP, "10.0.0.1", 5060);
            PeerFlows.Peer t = full.peer(Transport.UDP, "10.0.0.2", 5060);
            full.plan = List.of(full.target(t));
            full.request(c, invite("z9hG4bK-caller-1"));
            t.sent();
            c.sent();
            full.policy = request -> PolicyDecision.answer(401, "Unauthorized");
            full.request(c, register("z9hG4bK-reg-3"));
            assertEquals("SIP/2.0 401 Unauthorized", startLine(c.only()), "challenges need no table entry");
            full.policy = RequestPolicy.PROCEED;
            full.request(c, invite("z9hG4bK-caller-2").replace("call-1", "call-2"));
            List<String> refused = c.sent();
            assertEquals("SIP/2.0 503 Service Unavailable", startLine(refused.get(0)));
            assertEquals("5", header(refused.get(0), "Retry-After"));
            assertEquals(List.of(), t.sent());
        } finally {
            full.close();
        }
    }

    private static String register(String branch) {
        return msg("REGISTER sip:gw.example SIP/2.0",
                "Via: SIP/2.0/UDP 10.0.0.1:5060;branch=" + branch, "Max-Forwards: 70",
                "From: <sip:alice@gw.example>;tag=r1", "To: <sip:alice@gw.example>",
                "Call-ID: reg-1", "CSeq: 1 REGISTER", "Contact: <sip:alice@10.0.0.1:5060>",
                "Content-Length: 0");
    }

    @Test
    void branchesAreUniquePerForwardedRequest() {
        String first = forwardInvite();
        h.request(caller, invite("z9hG4bK-caller-2").replace("call-1", "call-2"));
        assertNotEquals(branch(first), branch(trunk.only()));
    }

    @Test
    void retransmittedInviteIsAbsorbedNotForwardedTwice() {
        forwardInvite();
        caller.sent();
        h.request(caller, invite("z9hG4bK-caller-1"));
        assertEquals(List.of(), trunk.sent());
        assertEquals("SIP/2.0 100 Trying", startLine(caller.only()));
        assertEquals(1, h.core.metrics().retransmissionsAbsorbed());
    }

    @Test
    void provisionalAndSuccessAreRelayedWithoutOurViaAnd100StaysHere() {
        String fwd = forwardInvite();
        caller.sent();
        h.response(trunk, answer(fwd, 100, "Trying"));
        assertEquals(List.of(), caller.sent());
        h.response(trunk, answer(fwd, 180, "Ringing"));
        String ringing = caller.only();
        assertEquals("SIP/2.0 180 Ringing", startLine(ringing));
        assertEquals(List.of("SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK-caller-1"), headers(ringing, "Via"));
        h.response(trunk, answer(fwd, 200, "OK"));
        h.response(trunk, answer(fwd, 200, "OK"));
        List<String> ok = caller.sent();
        assertEquals(2, ok.size(), "the 2xx and its retransmission both go up (RFC 6026)");
        assertEquals("<sip:192.0.2.10:5060;transport=udp;lr>", header(ok.get(0), "Record-Route"));
        assertEquals(List.of(), trunk.sent(), "no ACK from the proxy for a 2xx");
    }

    @Test
    void nonSuccessIsAckedHopByHopAndTheCallersAckAbsorbed() {
        String fwd = forwardInvite();
        caller.sent();
        h.response(trunk, answer(fwd, 486, "Busy Here"));
        String ack = trunk.only();
        assertEquals("ACK sip:+15551234@10.0.0.2:5060 SIP/2.0", startLine(ack));
        assertEquals(branch(fwd), branch(ack));
        assertEquals("1 ACK", header(ack, "CSeq"));
        assertTrue(header(ack, "To").contains("tag=t9"));
        assertEquals("SIP/2.0 486 Busy Here", startLine(caller.only()));
        h.request(caller, msg("ACK sip:+15551234@gw.example SIP/2.0",
                "Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK-caller-1", "Max-Forwards: 70",
                "From: <sip:alice@gw.example>;tag=a1", "To: <sip:+15551234@gw.example>;tag=t9",
                "Call-ID: call-1", "CSeq: 1 ACK", "Content-Length: 0"));
        assertEquals(List.of(), trunk.sent());
        assertEquals(1, h.core.metrics().acksAbsorbed());
        assertEquals(List.of("up UDP:10.0.0.2:5060"), h.targetEvents, "a busy trunk is a working trunk");
    }

    @Test
    void finalAnswerCarryingOnlyOurViaStillReachesTheCaller() {
        String fwd = forwardInvite();
        caller.sent();
        String broken = answer(fwd, 487, "Request Terminated").replaceAll("(?m)^Via: SIP/2.0/UDP 10\\.0\\.0\\.1[^\r\n]*\r\n", "");
        assertEquals(1, headers(broken, "Via").size(), broken);
        h.response(trunk, broken);
        trunk.sent();
        assertEquals("SIP/2.0 487 Request Terminated", startLine(caller.only()),
                "a next hop that dropped the caller's Via must not leave the caller without an answer");
    }

    @Test
    void ackForA2xxIsForwardedEndToEnd() {
        String fwd = forwardInvite();
        h.response(trunk, answer(fwd, 200, "OK"));
        caller.sent();
        h.request(caller, msg("ACK sip:+15551234@gw.example SIP/2.0",
                "Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK-caller-ack", "Max-Forwards: 70",
                "From: <sip:alice@gw.example>;tag=a1", "To: <sip:+15551234@gw.example>;tag=t9",
                "Call-ID: call-1", "CSeq: 1 ACK", "Content-Length: 0"));
        String ack = trunk.only();
        assertTrue(startLine(ack).startsWith("ACK "));
        assertEquals(2, headers(ack, "Via").size());
        assertEquals(List.of(), caller.sent(), "an ACK is never answered");
    }

    @Test
    void cancelIsAnswered200AndSentOnTheBranchThenThe487IsRelayed() {
        String fwd = forwardInvite();
        h.response(trunk, answer(fwd, 180, "Ringing"));
        caller.sent();
        h.request(caller, invite("z9hG4bK-caller-1").replace("INVITE", "CANCEL"));
        assertEquals("SIP/2.0 200 OK", startLine(caller.only()));
        String cancel = trunk.only();
        assertEquals("CANCEL sip:+15551234@10.0.0.2:5060 SIP/2.0", startLine(cancel));
        assertEquals(branch(fwd), branch(cancel), "same branch as the INVITE (RFC 3261 §9.1)");
        h.response(trunk, answer(cancel, 200, "OK"));
        assertEquals(List.of(), caller.sent(), "the 200 to our CANCEL is hop by hop");
        h.response(trunk, answer(fwd, 487, "Request Terminated"));
        assertEquals("SIP/2.0 487 Request Terminated", startLine(caller.only()));
        assertTrue(startLine(trunk.only()).startsWith("ACK "));
    }

    @Test
    void cancelBeforeAnyResponseWaitsForOneAndStopsFailover() {
        h.plan = List.of(h.target(trunk), h.target(trunk2));
        h.request(caller, invite("z9hG4bK-caller-1"));
        String fwd = trunk.only();
        h.request(caller, invite("z9hG4bK-caller-1").replace("INVITE", "CANCEL"));
        assertEquals(List.of(), trunk.sent(), "no CANCEL before a provisional response (§9.1)");
        h.response(trunk, answer(fwd, 100, "Trying"));
        assertTrue(startLine(trunk.only()).startsWith("CANCEL "));
        h.timer.advance(10_000);
        assertEquals(List.of(), trunk2.sent(), "a cancelled call does not fail over");
    }

    @Test
    void unknownCancelGets481() {
        h.request(caller, invite("z9hG4bK-nothing").replace("INVITE", "CANCEL"));
        assertEquals("SIP/2.0 481 Call/Transaction Does Not Exist", startLine(caller.only()));
    }

    @Test
    void silentTargetIsGivenUpForTheNextAndReported() {
        h.plan = List.of(h.target(trunk), h.target(trunk2));
        h.request(caller, invite("z9hG4bK-caller-1"));
        String fwd1 = trunk.only();
        h.timer.advance(3_999);
        assertEquals(List.of(), trunk2.sent());
        h.timer.advance(1);
        trunk.sent();
        String fwd2 = trunk2.only();
        assertEquals("INVITE sip:+15551234@10.0.0.3:5060 SIP/2.0", startLine(fwd2));
        h.response(trunk2, answer(fwd2, 180, "Ringing"));
        assertEquals(List.of("TIMEOUT UDP:10.0.0.2:5060", "up UDP:10.0.0.3:5060"), h.targetEvents);
        assertEquals(1, h.core.metrics().failovers());
        caller.sent();

        h.response(trunk, answer(fwd1, 180, "Ringing"));
        String cancel = trunk.only();
        assertEquals("CANCEL sip:+15551234@10.0.0.2:5060 SIP/2.0", startLine(cancel),
                "the given-up target woke up: its call is cancelled");
        assertEquals(branch(fwd1), branch(cancel));
        assertEquals(List.of(), caller.sent(), "and its ringing is not relayed");
        h.response(trunk, answer(fwd1, 487, "Request Terminated"));
        assertTrue(startLine(trunk.only()).startsWith("ACK "));
        assertEquals(List.of(), caller.sent());
    }

    @Test
    void aGivenUpTargetWakingAfterTheCallWasAnsweredIsStillCancelledAndAcked() {
        h.plan = List.of(h.target(trunk), h.target(trunk2));
        h.request(caller, invite("z9hG4bK-caller-1"));
        String fwd1 = trunk.only();
        h.timer.advance(4_000);
        trunk.sent();
        String fwd2 = trunk2.only();
        h.response(trunk2, answer(fwd2, 200, "OK"));
        assertEquals(List.of("SIP/2.0 100 Trying", "SIP/2.0 200 OK"),
                caller.sent().stream().map(SipText::startLine).toList());

        h.response(trunk, answer(fwd1, 180, "Ringing"));
        String cancel = trunk.only();
        assertEquals("CANCEL sip:+15551234@10.0.0.2:5060 SIP/2.0", startLine(cancel),
                "the call is answered elsewhere, so the woken branch is cancelled");
        assertEquals(header(fwd1, "Call-ID"), header(cancel, "Call-ID"));
        assertEquals(header(fwd1, "From"), header(cancel, "From"));
        h.response(trunk, answer(fwd1, 487, "Request Terminated"));
        String ack = trunk.only();
        assertEquals("ACK sip:+15551234@10.0.0.2:5060 SIP/2.0", startLine(ack));
        assertEquals(branch(fwd1), branch(ack));
        assertEquals(List.of(), caller.sent(), "the caller has its one answer");
    }

    @Test
    void serviceUnavailableFailsOverAndWhenAllFailTheCallerGetsOne503() {
        h.plan = List.of(h.target(trunk), h.target(trunk2));
        h.request(caller, invite("z9hG4bK-caller-1"));
        caller.sent();
        h.response(trunk, answer(trunk.only(), 503, "Service Unavailable"));
        assertTrue(startLine(trunk.only()).startsWith("ACK "));
        h.response(trunk2, answer(trunk2.only(), 503, "Service Unavailable"));
        assertEquals(List.of("SIP/2.0 503 Service Unavailable"), caller.sent().stream().map(SipText::startLine).toList());
        assertEquals(List.of("SERVICE_UNAVAILABLE UDP:10.0.0.2:5060", "SERVICE_UNAVAILABLE UDP:10.0.0.3:5060"),
                h.targetEvents);
    }

    @Test
    void eachTargetGetsItsOwnTrunksHeaderChangesAlsoAfterFailover() {
        h.plan = List.of(withHeaders(trunk, Set.of("x-secret"), List.of("X-Trunk: a")),
                withHeaders(trunk2, Set.of(), List.of("X-Trunk: b")));
        h.request(caller, invite("z9hG4bK-caller-1").replace("Content-Length: 0", "X-Secret: s1\r\nContent-Length: 0"));
        caller.sent();
        String first = trunk.only();
        assertEquals("a", header(first, "X-Trunk"));
        assertEquals(null, header(first, "X-Secret"), "trunk a strips it");
        h.response(trunk, answer(first, 503, "Service Unavailable"));
        trunk.sent();
        String second = trunk2.only();
        assertEquals(List.of("b"), headers(second, "X-Trunk"), "trunk b's header only, not a's");
        assertEquals("s1", header(second, "X-Secret"), "trunk b does not strip it");
    }

    /** A trunk's header changes, as a target's origin carries them. */
    private record Headers(Set<String> stripHeaders, List<String> addHeaderLines) implements TargetHeaders {
    }

    private static Target withHeaders(PeerFlows.Peer peer, Set<String> strip, List<String> add) {
        return Target.of(peer.flow().transport(), peer.flow().remote(), new Headers(strip, add));
    }

    @Test
    void lastTargetSilentGets408OnTimerB() {
        forwardInvite();
        caller.sent();
        h.timer.advance(31_999);
        assertEquals(List.of(), caller.sent(), "the last target has no failover timer: it gets all of Timer B");
        h.timer.advance(1);
        assertEquals("SIP/2.0 408 Request Timeout", startLine(caller.only()));
        assertEquals(List.of("TIMEOUT UDP:10.0.0.2:5060"), h.targetEvents);
        h.timer.advance(500);
        assertEquals("SIP/2.0 408 Request Timeout", startLine(caller.only()), "Timer G until the caller ACKs");
        h.request(caller, msg("ACK sip:+15551234@gw.example SIP/2.0",
                "Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK-caller-1", "Max-Forwards: 70",
                "From: <sip:alice@gw.example>;tag=a1", "To: <sip:+15551234@gw.example>;tag=x",
                "Call-ID: call-1", "CSeq: 1 ACK", "Content-Length: 0"));
        h.timer.advance(60_000);
        assertEquals(List.of(), caller.sent());
        assertEquals(List.of(), trunk.sent().stream().filter(m -> !m.startsWith("INVITE")).toList());
        assertEquals(0, h.core.transactions().size(), "every transaction ended (Timers I and B)");
    }

    @Test
    void unreachableTargetFailsOverAtOnce() {
        h.unreachable.put(trunk.flow().remote(), new java.net.ConnectException("refused"));
        h.plan = List.of(h.target(trunk), h.target(trunk2));
        h.request(caller, invite("z9hG4bK-caller-1"));
        assertTrue(startLine(trunk2.only()).startsWith("INVITE "));
        assertEquals(List.of("TRANSPORT UDP:10.0.0.2:5060"), h.targetEvents);
    }

    @Test
    void connectionThatNeverComesIsATransportFailure() {
        h.pending.add(trunk.flow().remote());
        h.plan = List.of(h.target(trunk), h.target(trunk2));
        h.request(caller, invite("z9hG4bK-caller-1"));
        h.timer.advance(3_999);
        assertEquals(List.of(), trunk2.sent());
        h.timer.advance(1);
        assertTrue(startLine(trunk2.only()).startsWith("INVITE "));
        assertEquals(List.of("TRANSPORT UDP:10.0.0.2:5060"), h.targetEvents);
    }

    @Test
    void nonInviteTimeoutIsNotAnswered408ButEndsItsTransactions() {
        h.plan = List.of(h.target(trunk));
        h.request(caller, msg("OPTIONS sip:gw.example SIP/2.0", "Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK-o1",
                "Max-Forwards: 70", "From: <sip:a@b>;tag=1", "To: <sip:c@d>", "Call-ID: o1", "CSeq: 1 OPTIONS",
                "Content-Length: 0"));
        String fwd = trunk.only();
        h.response(trunk, answer(fwd, 100, "Trying"));
        h.timer.advance(31_999);
        assertEquals(List.of(), caller.sent(), "no 100 relayed, no final yet");
        h.timer.advance(1);
        assertEquals(List.of(), caller.sent(), "no 408 to a non-INVITE (RFC 4320 §4.2)");
        assertEquals(0, h.core.transactions().size());
        assertEquals(List.of("up UDP:10.0.0.2:5060", "TIMEOUT UDP:10.0.0.2:5060"), h.targetEvents,
                "it answered 100, then never a final response");
    }

    @Test
    void maxForwardsZeroGets483AndIsNotForwarded() {
        h.plan = List.of(h.target(trunk));
        h.request(caller, invite("z9hG4bK-caller-1").replace("Max-Forwards: 70", "Max-Forwards: 0"));
        List<String> replies = caller.sent();
        assertEquals("SIP/2.0 483 Too Many Hops", startLine(replies.get(replies.size() - 1)));
        assertEquals(List.of(), trunk.sent());
    }

    @Test
    void fullTableAnswers503WithRetryAfter() {
        ProxyHarness small = new ProxyHarness(1);
        PeerFlows.Peer c = small.peer(Transport.UDP, "10.0.0.1", 5060);
        PeerFlows.Peer t = small.peer(Transport.UDP, "10.0.0.2", 5060);
        small.plan = List.of(small.target(t));
        small.request(c, invite("z9hG4bK-1"));
        c.sent();
        small.request(c, invite("z9hG4bK-2").replace("call-1", "call-2"));
        String refused = c.only();
        assertEquals("SIP/2.0 503 Service Unavailable", startLine(refused));
        assertEquals("5", header(refused, "Retry-After"));
        assertEquals(1, t.sent().size());
        assertEquals(1, small.core.transactions().refused());
        small.close();
    }

    @Test
    void strayResponseIsDroppedAndCounted() {
        h.response(trunk, msg("SIP/2.0 200 OK", "Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK-unknown",
                "Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK-x", "From: <sip:a@b>;tag=1", "To: <sip:c@d>;tag=2",
                "Call-ID: x", "CSeq: 1 INVITE", "Content-Length: 0"));
        assertEquals(List.of(), caller.sent());
        assertEquals(1, h.core.metrics().strayResponses());
        assertEquals(0, h.core.transactions().size());
    }
}
