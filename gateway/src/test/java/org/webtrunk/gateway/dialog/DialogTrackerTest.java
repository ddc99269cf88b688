package org.webtrunk.gateway.dialog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.webtrunk.gateway.testsupport.SipText.answer;
import static org.webtrunk.gateway.testsupport.SipText.branch;
import static org.webtrunk.gateway.testsupport.SipText.header;
import static org.webtrunk.gateway.testsupport.SipText.headers;
import static org.webtrunk.gateway.testsupport.SipText.msg;
import static org.webtrunk.gateway.testsupport.SipText.startLine;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.webtrunk.gateway.config.ConfigLoader;
import org.webtrunk.gateway.config.ProtectionConfig;
import org.webtrunk.gateway.protection.CallLimiter;
import org.webtrunk.gateway.protection.ProtectionClock;
import org.webtrunk.gateway.config.DialogConfig;
import org.webtrunk.gateway.transport.Transport;
import org.webtrunk.gateway.testsupport.PeerFlows;

class DialogTrackerTest {
    private static final String BROWSER_CONTACT = "<sip:k3v9@df7jal23ls0d.invalid;transport=ws;ob>";
    private static final String OUR_RR = "<sip:192.0.2.10:5060;transport=udp;lr;r2=on>, "
            + "<sip:192.0.2.10:8080;transport=ws;lr;r2=on;ft=tok>";

    private DialogHarness h = new DialogHarness(DialogConfig.defaults());
    private PeerFlows.Peer browser;
    private PeerFlows.Peer trunk;

    private void peers(Transport trunkTransport) {
        browser = h.peer(Transport.WS, "10.0.0.1", 50000);
        h.tokens.put("tok", browser.flow());
        trunk = h.peer(trunkTransport, "10.0.0.2", 5060);
        h.plan = List.of(h.target(trunk));
    }

    @AfterEach
    void close() {
        h.close();
    }

    private static String invite(String callId, String sessionExpires) {
        return msg("INVITE sip:+15551234@gw.example SIP/2.0",
                "Via: SIP/2.0/WS df7jal23ls0d.invalid;branch=z9hG4bK-" + callId,
                "Max-Forwards: 69",
                "To: <sip:+15551234@gw.example>",
                "From: \"Alice\" <sip:alice@gw.example>;tag=a1",
                "Call-ID: " + callId,
                "CSeq: 7 INVITE",
                "Contact: " + BROWSER_CONTACT,
                "Session-Expires: " + sessionExpires,
                "Supported: timer, ice, replaces, outbound",
                "Content-Length: 0");
    }

    /** Browser calls, trunk answers 200 with {@code extra}; returns the INVITE the trunk got. */
    private String call(String callId, String... extra) {
        h.request(browser, invite(callId, "90"));
        String fwd = trunk.only();
        h.response(trunk, answer(fwd, 180, "Ringing"));
        String[] all = new String[extra.length + 1];
        all[0] = "Contact: <sip:trunk@10.0.0.2:5060>";
        System.arraycopy(extra, 0, all, 1, extra.length);
        h.response(trunk, answer(fwd, 200, "OK", all));
        List<String> up = browser.sent();
        assertEquals("SIP/2.0 200 OK", startLine(up.get(up.size() - 1)));
        assertEquals(1, h.tracker.size());
        return fwd;
    }

    private String inDialogFromBrowser(String method, int cseq, String branch) {
        return msg(method + " sip:trunk@10.0.0.2:5060 SIP/2.0",
                "Via: SIP/2.0/WS df7jal23ls0d.invalid;branch=" + branch,
                "Max-Forwards: 69",
                "Route: <sip:192.0.2.10:8080;transport=ws;lr;r2=on;ft=tok>",
                "Route: <sip:192.0.2.10:5060;transport=udp;lr;r2=on>",
                "To: <sip:+15551234@gw.example>;tag=t9",
                "From: \"Alice\" <sip:alice@gw.example>;tag=a1",
                "Call-ID: call-1",
                "CSeq: " + cseq + " " + method,
                "Session-Expires: 90;refresher=uac",
                "Content-Length: 0");
    }

    @Test
    void browserVanishingFromAnAnsweredCallSendsOneByeToTheTrunkInItsName() {
        peers(Transport.UDP);
        String fwd = call("call-1", "Session-Expires: 90;refresher=uac");
        assertEquals(OUR_RR, header(fwd, "Record-Route"));
        h.vanish(browser);
        String bye = trunk.only();
        assertEquals("BYE sip:trunk@10.0.0.2:5060 SIP/2.0", startLine(bye));
        assertEquals(1, headers(bye, "Via").size());
        assertTrue(header(bye, "Via").startsWith("SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK"), bye);
        assertNull(header(bye, "Route"), "nobody beyond us record-routed");
        assertEquals("8 BYE", header(bye, "CSeq"));
        assertEquals("\"Alice\" <sip:alice@gw.example>;tag=a1", header(bye, "From"));
        assertEquals("<sip:+15551234@gw.example>;tag=t9", header(bye, "To"));
        assertEquals("call-1", header(bye, "Call-ID"));
        assertEquals("70", header(bye, "Max-Forwards"));
        assertEquals("SIP;cause=410;text=\"WebSocket closed\"", header(bye, "Reason"));
        assertEquals(0, h.tracker.size());
        assertEquals(1.0, h.ended("ws-closed"));
        assertEquals(0.0, h.active("acme"));

        h.response(trunk, answer(bye, 200, "OK"));
        assertEquals(0, h.core.metrics().strayResponses(), "the 200 to our BYE is absorbed by its transaction");
        assertEquals(List.of(), browser.sent(), "nothing to the dead WebSocket");
        h.timer.advance(Duration.ofHours(5).toMillis());
        assertEquals(List.of(), trunk.sent(), "one BYE, no retransmission after the 200, no timers left");
    }

    @Test
    void byeIsRetransmittedOnUdpUntilAnswered() {
        peers(Transport.UDP);
        call("call-1");
        h.vanish(browser);
        String bye = trunk.only();
        h.timer.advance(500);
        assertEquals(List.of(bye), trunk.sent(), "Timer E retransmits the same BYE");
    }

    @Test
    void routeSetBeyondUsComesFromTheRecordRouteOfThe2xx() {
        peers(Transport.UDP);
        PeerFlows.Peer sbc = h.peer(Transport.UDP, "10.0.0.9", 5060);
        h.plan = List.of(h.target(sbc));
        h.request(browser, invite("call-1", "90"));
        String fwd = sbc.only();
        h.response(sbc, answer(fwd, 200, "OK", "Contact: <sip:trunk@10.0.0.2:5060>")
                .replace("Record-Route: ", "Record-Route: <sip:10.0.0.8;lr>, <sip:10.0.0.9:5060;lr>, "));
        browser.sent();
        h.vanish(browser);
        String bye = sbc.only();
        assertEquals("BYE sip:trunk@10.0.0.2:5060 SIP/2.0", startLine(bye));
        assertEquals("<sip:10.0.0.9:5060;lr>, <sip:10.0.0.8;lr>", header(bye, "Route"));
        assertEquals(List.of(), trunk.sent());
    }

    @Test
    void browserVanishingWhileRingingCancelsTheInvite() {
        peers(Transport.UDP);
        h.request(browser, invite("call-1", "90"));
        String fwd = trunk.only();
        h.response(trunk, answer(fwd, 180, "Ringing"));
        h.vanish(browser);
        String cancel = trunk.only();
        assertEquals("CANCEL sip:+15551234@10.0.0.2:5060 SIP/2.0", startLine(cancel));
        assertEquals(branch(fwd), branch(cancel));
        assertEquals("7 CANCEL", header(cancel, "CSeq"));
        assertEquals(1, h.tracker.size(), "until the INVITE's final answer");
        h.response(trunk, answer(cancel, 200, "OK"));
        h.response(trunk, answer(fwd, 487, "Request Terminated"));
        assertEquals("ACK", startLine(trunk.only()).split(" ")[0]);
        assertEquals(0, h.tracker.size());
        assertEquals(1.0, h.ended("ws-closed"));
    }

    @Test
    void trunkConnectionClosingSendsByeToTheBrowserOverItsWebSocket() {
        peers(Transport.TCP);
        call("call-1");
        h.vanish(trunk);
        String bye = browser.only();
        assertEquals("BYE sip:k3v9@df7jal23ls0d.invalid;transport=ws;ob SIP/2.0", startLine(bye));
        assertTrue(header(bye, "Via").startsWith("SIP/2.0/WS 192.0.2.10:8080;branch=z9hG4bK"), bye);
        assertEquals("<sip:+15551234@gw.example>;tag=t9", header(bye, "From"));
        assertEquals("\"Alice\" <sip:alice@gw.example>;tag=a1", header(bye, "To"));
        assertEquals("1 BYE", header(bye, "CSeq"));
        assertEquals(1.0, h.ended("trunk-gone"));
    }

    /**
     * A trunk connection that closes before the trunk answered anything (its TLS handshake failed, say) is a
     * failed branch: the proxy tries the next target when its target timeout ends, and the browser's call goes on.
     */
    @Test
    void trunkConnectionClosingBeforeAnyAnswerLeavesTheCallToFailover() {
        peers(Transport.TCP);
        PeerFlows.Peer backup = h.peer(Transport.UDP, "10.0.0.3", 5060);
        h.plan = List.of(h.target(trunk), h.target(backup));
        h.request(browser, invite("call-1", "90"));
        trunk.only();
        h.vanish(trunk);
        assertEquals(List.of(), browser.sent().stream().filter(m -> !m.startsWith("SIP/2.0 100")).toList(),
                "no 487 to the browser");
        h.timer.advance(4_000);
        String fwd = backup.only();
        h.response(backup, answer(fwd, 180, "Ringing"));
        h.response(backup, answer(fwd, 200, "OK", "Contact: <sip:trunk@10.0.0.3:5060>"));
        List<String> up = browser.sent();
        assertEquals("SIP/2.0 200 OK", startLine(up.get(up.size() - 1)));
        assertEquals(1, h.tracker.size());
        assertEquals(0.0, h.ended("trunk-gone"));
    }

    /** Once the trunk has answered (100 Trying is enough), its connection closing ends the call at once. */
    @Test
    void trunkConnectionClosingAfterTryingAnswersTheBrowser487() {
        peers(Transport.TCP);
        h.request(browser, invite("call-1", "90"));
        String fwd = trunk.only();
        h.response(trunk, answer(fwd, 100, "Trying"));
        browser.sent();
        h.vanish(trunk);
        assertEquals("SIP/2.0 487 Request Terminated", startLine(browser.only()));
        assertEquals(0, h.tracker.size());
        assertEquals(1.0, h.ended("trunk-gone"));
    }

    @Test
    void missedSessionRefreshEndsTheCallOnBothSides() {
        peers(Transport.UDP);
        call("call-1", "Session-Expires: 90;refresher=uac");
        h.timer.advance(121_999);
        assertEquals(List.of(), trunk.sent());
        assertEquals(List.of(), browser.sent());
        h.timer.advance(1);
        String toTrunk = trunk.only();
        String toBrowser = browser.only();
        assertEquals("BYE", startLine(toTrunk).split(" ")[0]);
        assertEquals("BYE", startLine(toBrowser).split(" ")[0]);
        assertEquals("SIP;cause=408;text=\"Session timer expired\"", header(toTrunk, "Reason"));
        assertEquals("SIP;cause=408;text=\"Session timer expired\"", header(toBrowser, "Reason"));
        assertEquals(1.0, h.ended("session-timer"));
    }

    @Test
    void aRefreshWithItsTwoHundredRestartsTheSessionTimer() {
        peers(Transport.UDP);
        call("call-1", "Session-Expires: 90;refresher=uac");
        h.timer.advance(45_000);
        h.request(browser, inDialogFromBrowser("UPDATE", 8, "z9hG4bK-up1"));
        String update = trunk.only();
        assertEquals("UPDATE sip:trunk@10.0.0.2:5060 SIP/2.0", startLine(update));
        h.response(trunk, answer(update, 200, "OK", "Session-Expires: 90;refresher=uac"));
        assertEquals("SIP/2.0 200 OK", startLine(browser.only()));
        h.timer.advance(121_999);
        assertEquals(List.of(), trunk.sent(), "the old expiry passed without a BYE");
        h.timer.advance(1);
        String bye = trunk.only();
        assertEquals("9 BYE", header(bye, "CSeq"), "after the browser's UPDATE with CSeq 8");
        browser.sent();
    }

    @Test
    void tooSmallSessionExpiresGets422WithMinSeButJsSipsNinetyPasses() {
        peers(Transport.UDP);
        h.request(browser, invite("call-1", "60"));
        List<String> replies = browser.sent();
        String last = replies.get(replies.size() - 1);
        assertEquals("SIP/2.0 422 Session Interval Too Small", startLine(last));
        assertEquals("90", header(last, "Min-SE"));
        assertEquals(List.of(), trunk.sent());
        assertEquals(0, h.tracker.size());

        h.request(browser, invite("call-2", "90"));
        assertEquals("INVITE", startLine(trunk.only()).split(" ")[0]);
    }

    @Test
    void maximumDurationEndsTheCallOnBothSides() {
        h = new DialogHarness(new DialogConfig(10, Duration.ofHours(1), Duration.ofSeconds(90),
                Duration.ofSeconds(32), Duration.ZERO, 5, Duration.ZERO));
        peers(Transport.UDP);
        call("call-1"); // no session timer
        h.timer.advance(Duration.ofHours(1).toMillis() - 1);
        assertEquals(List.of(), trunk.sent());
        h.timer.advance(1);
        assertEquals("SIP;cause=408;text=\"Maximum call duration reached\"", header(trunk.only(), "Reason"));
        assertEquals("BYE", startLine(browser.only()).split(" ")[0]);
        assertEquals(1.0, h.ended("max-duration"));
    }

    @Test
    void shutdownRefusesNewCallsAndEndsTheOnesInProgress() {
        peers(Transport.UDP);
        call("call-1");
        CompletableFuture<Integer> done = h.tracker.shutdown(Duration.ofSeconds(30), true);
        assertEquals("SIP;cause=503;text=\"Gateway shutting down\"", header(trunk.only(), "Reason"));
        assertEquals("BYE", startLine(browser.only()).split(" ")[0]);
        assertTrue(done.isDone());
        assertEquals(0, done.join());
        h.request(browser, invite("call-2", "90"));
        List<String> replies = browser.sent();
        assertEquals("SIP/2.0 503 Service Unavailable", startLine(replies.get(replies.size() - 1)));
        assertEquals("5", header(replies.get(replies.size() - 1), "Retry-After"));
        assertEquals(List.of(), trunk.sent());
        assertEquals(1.0, h.ended("shutdown"));
    }

    @Test
    void drainingShutdownWaitsForCallsThenGivesUpAtTheDeadline() {
        peers(Transport.UDP);
        call("call-1");
        CompletableFuture<Integer> done = h.tracker.shutdown(Duration.ofSeconds(30), false);
        assertFalse(done.isDone());
        assertEquals(List.of(), trunk.sent(), "calls are left to finish");
        h.timer.advance(30_000);
        assertEquals(1, done.join(), "one call still up at the deadline");
    }

    @Test
    void normalByeWithItsAnswerRemovesTheDialog() {
        peers(Transport.UDP);
        call("call-1");
        h.request(browser, inDialogFromBrowser("BYE", 8, "z9hG4bK-bye1"));
        String bye = trunk.only();
        assertEquals(1, h.tracker.size());
        h.response(trunk, answer(bye, 200, "OK"));
        assertEquals("SIP/2.0 200 OK", startLine(browser.only()));
        assertEquals(0, h.tracker.size());
        assertEquals(1.0, h.ended("normal"));
        h.vanish(browser);
        assertEquals(List.of(), trunk.sent(), "an ended call is not ended again");
    }

    @Test
    void inDialogRequestForNoCallOfOursGets481AndIsNotRelayed() {
        peers(Transport.UDP);
        h.request(browser, inDialogFromBrowser("BYE", 8, "z9hG4bK-nocall"));
        assertEquals("SIP/2.0 481 Call/Transaction Does Not Exist", startLine(browser.only()));
        assertEquals(List.of(), trunk.sent());
        assertEquals(1.0, h.inDialogRefused("unknown-dialog"));
    }

    @Test
    void inDialogRequestAimedOutsideTheCallGets403AndTheCallGoesOn() {
        peers(Transport.UDP);
        call("call-1");
        String elsewhere = inDialogFromBrowser("INFO", 8, "z9hG4bK-info1")
                .replace("INFO sip:trunk@10.0.0.2:5060 SIP/2.0", "INFO sip:victim@10.9.9.9:5060 SIP/2.0");
        h.request(browser, elsewhere);
        assertEquals("SIP/2.0 403 Forbidden", startLine(browser.only()));
        assertEquals(List.of(), trunk.sent());
        assertEquals(1.0, h.inDialogRefused("other-next-hop"));

        h.request(browser, inDialogFromBrowser("BYE", 9, "z9hG4bK-bye2"));
        String bye = trunk.only();
        assertEquals("BYE sip:trunk@10.0.0.2:5060 SIP/2.0", startLine(bye));
        h.response(trunk, answer(bye, 200, "OK"));
        assertEquals(0, h.tracker.size());
    }

    @Test
    void inDialogRequestFromAnotherBrowserConnectionGets403() {
        peers(Transport.UDP);
        call("call-1");
        PeerFlows.Peer intruder = h.peer(Transport.WS, "10.0.0.66", 50001);
        h.request(intruder, inDialogFromBrowser("BYE", 8, "z9hG4bK-bye-x"));
        assertEquals("SIP/2.0 403 Forbidden", startLine(intruder.only()));
        assertEquals(List.of(), trunk.sent());
        assertEquals(1, h.tracker.size(), "the call is not ended by someone else's BYE");
        assertEquals(1.0, h.inDialogRefused("other-connection"));
    }

    @Test
    void tenantConcurrentCallLimitRefusesTheExtraCallUntilOneEnds() {
        ProtectionConfig limits = ConfigLoader.parse(
                "protection: {limits: {concurrent-calls-per-tenant: 1, call-refusal: 486}}", "t.yaml",
                java.nio.file.Path.of("."), name -> null).protection();
        h = new DialogHarness(DialogConfig.defaults(),
                new CallLimiter(limits, new SimpleMeterRegistry(), ProtectionClock.system()));
        peers(Transport.UDP);
        call("call-1");
        h.request(browser, invite("call-2", "90"));
        List<String> replies = browser.sent();
        assertEquals("SIP/2.0 486 Busy Here", startLine(replies.get(replies.size() - 1)));
        assertEquals(List.of(), trunk.sent(), "the trunk never sees the refused call");
        h.request(browser, inDialogFromBrowser("BYE", 8, "z9hG4bK-bye1"));
        h.response(trunk, answer(trunk.only(), 200, "OK"));
        browser.sent();
        assertEquals(0, h.tracker.size());
        call("call-3"); // the permit came back with the end of call-1
    }

    @Test
    void tabClosedRightAfterItsByeGetsNoSecondBye() {
        peers(Transport.UDP);
        call("call-1");
        h.request(browser, inDialogFromBrowser("BYE", 8, "z9hG4bK-bye1"));
        String bye = trunk.only();
        h.vanish(browser); // JsSIP reports the call ended as it sends BYE; the tab may close at once
        assertEquals(List.of(), trunk.sent(), "the browser's own BYE is on its way: no second BYE");
        h.response(trunk, answer(bye, 200, "OK"));
        assertEquals(0, h.tracker.size());
        assertEquals(1.0, h.ended("normal"));
    }

    @Test
    void rejectedCallLeavesNoDialog() {
        peers(Transport.UDP);
        h.request(browser, invite("call-1", "90"));
        String fwd = trunk.only();
        h.response(trunk, answer(fwd, 486, "Busy Here"));
        assertEquals(0, h.tracker.size());
        h.vanish(browser);
        assertEquals(List.of("ACK"), trunk.sent().stream().map(m -> startLine(m).split(" ")[0]).toList());
    }

    @Test
    void fullTableRefusesNewInvitesWith503() {
        h = new DialogHarness(new DialogConfig(1, Duration.ofHours(4), Duration.ofSeconds(90),
                Duration.ofSeconds(32), Duration.ZERO, 7, Duration.ZERO));
        peers(Transport.UDP);
        call("call-1");
        h.request(browser, invite("call-2", "90"));
        List<String> replies = browser.sent();
        assertEquals("SIP/2.0 503 Service Unavailable", startLine(replies.get(replies.size() - 1)));
        assertEquals("7", header(replies.get(replies.size() - 1), "Retry-After"));
        assertEquals(List.of(), trunk.sent());
        assertEquals(1, h.tracker.size());
    }

    @Test
    void trunkProbeAnswered481EndsTheCall() {
        h = new DialogHarness(new DialogConfig(10, Duration.ofHours(4), Duration.ofSeconds(90),
                Duration.ofSeconds(32), Duration.ofSeconds(30), 5, Duration.ZERO));
        peers(Transport.UDP);
        call("call-1");
        h.timer.advance(30_000);
        String options = trunk.only();
        assertEquals("OPTIONS sip:trunk@10.0.0.2:5060 SIP/2.0", startLine(options));
        assertEquals("7 OPTIONS", header(options, "CSeq"), "the browser's own CSeq, not a new one");
        h.response(trunk, answer(options, 200, "OK"));
        h.timer.advance(30_000);
        String again = trunk.only();
        h.response(trunk, answer(again, 481, "Call/Transaction Does Not Exist"));
        assertEquals("BYE", startLine(browser.only()).split(" ")[0]);
        assertEquals("BYE", startLine(trunk.only()).split(" ")[0]);
        assertEquals(1.0, h.ended("trunk-gone"));
    }

    @Test
    void adminListsAndEndsCalls() {
        peers(Transport.UDP);
        call("call-1", "Session-Expires: 120;refresher=uas");
        List<DialogInfo> calls = h.tracker.list();
        assertEquals(1, calls.size());
        DialogInfo c = calls.get(0);
        assertEquals("call-1", c.callId());
        assertEquals("confirmed", c.state());
        assertEquals("acme", c.tenant());
        assertEquals(120, c.sessionInterval());
        assertEquals("uas", c.refresher());
        assertEquals(1.0, h.active("acme"));
        assertFalse(h.tracker.end("nope", null));
        assertTrue(h.tracker.end(c.id(), "fraud \"check\"\r\n"));
        assertEquals("SIP;cause=200;text=\"fraud check\"", header(trunk.only(), "Reason"));
        browser.sent();
        assertEquals(1.0, h.ended("admin"));
        assertEquals(List.of(), h.tracker.list());
    }

    @Test
    void calledBrowserVanishingWhileRingingGivesTheTrunk487AtOnce() {
        peers(Transport.UDP);
        h.plan = List.of(org.webtrunk.gateway.proxy.Target.of(browser.flow()));
        h.request(trunk, msg("INVITE sip:alice@gw.example SIP/2.0",
                "Via: SIP/2.0/UDP 10.0.0.2:5060;branch=z9hG4bK-in1",
                "Max-Forwards: 70",
                "From: <sip:+15550000@10.0.0.2>;tag=x1",
                "To: <sip:alice@gw.example>",
                "Call-ID: in-1",
                "CSeq: 1 INVITE",
                "Contact: <sip:+15550000@10.0.0.2:5060>",
                "Content-Length: 0"));
        String fwd = browser.only();
        h.response(browser, answer(fwd, 180, "Ringing"));
        trunk.sent();
        h.vanish(browser);
        assertEquals("SIP/2.0 487 Request Terminated", startLine(trunk.only()));
        assertEquals(0, h.tracker.size());
        assertEquals(1.0, h.ended("ws-closed"));
    }
}
