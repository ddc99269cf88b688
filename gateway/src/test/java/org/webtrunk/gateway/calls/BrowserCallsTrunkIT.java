package org.webtrunk.gateway.calls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.webtrunk.gateway.calls.CallTestSupport.NUMBER;
import static org.webtrunk.gateway.calls.CallTestSupport.WAIT;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.webtrunk.auth.EphemeralCredentials;
import org.webtrunk.gateway.testsupport.FreePorts;
import org.webtrunk.gateway.testsupport.JsSipClient;
import org.webtrunk.gateway.testsupport.RunningGateway;
import org.webtrunk.gateway.testsupport.SippProcess;
import org.webtrunk.gateway.testsupport.SippProcess.Message;

/**
 * A browser (real JsSIP over WebSocket, RFC 7118) with ephemeral credentials registers and calls through
 * the gateway to a SIPp trunk: digest challenges (RFC 3261 §22), the registrar's Contact echo (§10.3 step 8),
 * stateful forwarding with Record-Route (§16.6), CANCEL (§9), error answers, and refused credentials never
 * reaching the trunk.
 */
class BrowserCallsTrunkIT {
    @TempDir
    Path tmp;
    private RunningGateway gateway;
    private int trunkPort;

    @BeforeEach
    void start() {
        trunkPort = FreePorts.tcpAndUdp();
        gateway = RunningGateway.start(tmp, CallTestSupport.oneTrunk(trunkPort));
    }

    @AfterEach
    void stop() {
        gateway.close();
    }

    private JsSipClient.Builder browser(String user, EphemeralCredentials c) {
        return JsSipClient.builder(gateway.wsUrl(), "sip:" + user + "@example.invalid")
                .credentials(c.username(), c.password()).maxRuntime(Duration.ofSeconds(40));
    }

    private SippProcess.Builder trunk(String scenario) {
        return SippProcess.scenario(scenario).uas().localPort(trunkPort).timeout(Duration.ofSeconds(30));
    }

    @Test
    void registersThenCallsTheTrunkAndHangsUp() throws Exception {
        try (SippProcess trunk = trunk("trunk-answer.xml").start();
             JsSipClient alice = browser("alice", CallTestSupport.mint("alice")).register()
                     .hangupAfter(Duration.ofMillis(2500)).start()) {
            Map<String, Object> registered = alice.awaitEvent("registered", WAIT);
            assertEquals(200, registered.get("status_code"));
            assertTrue(((Number) registered.get("expires")).intValue() > 0, "JsSIP found its Contact: " + registered);
            List<?> contacts = (List<?>) registered.get("contacts");
            assertTrue(contacts.stream().map(String::valueOf).anyMatch(c -> c.contains("expires=")),
                    "the 200 echoes the Contact with its expiry: " + contacts);

            alice.send("call " + NUMBER);
            alice.awaitEvent("confirmed", WAIT);
            assertEquals("local", alice.awaitEvent("ended", WAIT).get("originator"));
            assertEquals(SippProcess.EXIT_ALL_CALLS_OK, trunk.awaitExit(WAIT), trunk.describe());

            List<Message> invites = trunk.received("INVITE ");
            assertEquals(1, invites.size(), "only the authenticated INVITE reaches the trunk");
            assertTrue(invites.get(0).startLine().startsWith("INVITE sip:" + NUMBER + "@"), invites.get(0).startLine());
            assertEquals(1, trunk.received("ACK ").size(), "the trunk saw the ACK");
            assertEquals(1, trunk.received("BYE ").size(), "the trunk saw the BYE");
            assertEquals(List.of(), CallTestSupport.withCredentials(trunk), "credentials never reach the trunk");

            alice.send("unregister");
            assertEquals(200, alice.awaitEvent("unregistered", WAIT).get("status_code"), "un-REGISTER is confirmed");
        }
    }

    @Test
    void trunkHangsUpFirst() throws Exception {
        try (SippProcess trunk = trunk("trunk-hangup-first.xml").callDuration(Duration.ofMillis(300)).start();
             JsSipClient alice = browser("alice", CallTestSupport.mint("alice")).call(NUMBER).start()) {
            alice.awaitEvent("confirmed", WAIT);
            Map<String, Object> ended = alice.awaitEvent("ended", WAIT);
            assertEquals("remote", ended.get("originator"), ended.toString());
            assertEquals(SippProcess.EXIT_ALL_CALLS_OK, trunk.awaitExit(WAIT), trunk.describe());
            assertEquals(1, trunk.received("ACK ").size());
            assertEquals(List.of(), CallTestSupport.withCredentials(trunk));
        }
    }

    @Test
    void browserCancelsWhileTheTrunkRings() throws Exception {
        try (SippProcess trunk = trunk("trunk-ring-forever.xml").start();
             JsSipClient alice = browser("alice", CallTestSupport.mint("alice")).call(NUMBER).start()) {
            assertEquals(180, alice.awaitEvent("progress", WAIT).get("status_code"));
            alice.send("hangup");
            Map<String, Object> failed = alice.awaitEvent("failed", WAIT);
            assertEquals("Canceled", failed.get("cause"), failed.toString());
            assertEquals(SippProcess.EXIT_ALL_CALLS_OK, trunk.awaitExit(WAIT), trunk.describe());
            assertEquals(1, trunk.received("CANCEL ").size(), "the CANCEL reached the trunk");
            assertEquals(List.of(), CallTestSupport.withCredentials(trunk));
        }
    }

    @Test
    void busyTrunkIsReportedToTheBrowser() throws Exception {
        try (SippProcess trunk = trunk("trunk-busy.xml").start();
             JsSipClient alice = browser("alice", CallTestSupport.mint("alice")).call(NUMBER).start()) {
            Map<String, Object> failed = alice.awaitEvent("failed", WAIT);
            assertEquals(486, failed.get("status_code"), failed.toString());
            assertEquals("remote", failed.get("originator"), failed.toString());
            assertEquals(SippProcess.EXIT_ALL_CALLS_OK, trunk.awaitExit(WAIT), "the trunk got its ACK: " + trunk.describe());
        }
    }

    @Test
    void wrongPasswordIsRefusedAndNeverReachesTheTrunk() throws Exception {
        EphemeralCredentials good = CallTestSupport.mint("mallory");
        EphemeralCredentials forged = new EphemeralCredentials(good.username(), "Zm9yZ2VkcGFzc3dvcmQ=", good.id(),
                good.expires(), good.ttl());
        refusedThenAcceptedWith(forged, good, 401, 407);
    }

    @Test
    void expiredCredentialsAreRefusedAndNeverReachTheTrunk() throws Exception {
        refusedThenAcceptedWith(CallTestSupport.expired("carol"), CallTestSupport.mint("carol"), 403, 403);
    }

    /**
     * Registration and a call with {@code bad} credentials fail at the gateway; then, on the same trunk, a call
     * with {@code good} ones goes through, so the trunk demonstrably listened and saw only that one INVITE.
     */
    private void refusedThenAcceptedWith(EphemeralCredentials bad, EphemeralCredentials good, int registerStatus,
                                         int callStatus) throws Exception {
        try (SippProcess trunk = trunk("trunk-answer.xml").start();
             JsSipClient client = browser("carol", bad).register().debug().hangupAfter(Duration.ofMillis(200)).start()) {
            Map<String, Object> refused = client.awaitEvent("registrationFailed", WAIT);
            assertEquals(registerStatus, refused.get("status_code"), () -> client.events() + "\n" + client.describe());

            client.send("call " + NUMBER);
            Map<String, Object> failed = client.awaitEvent("failed", WAIT);
            assertEquals(callStatus, failed.get("status_code"), failed.toString());
            assertFalse(client.pollEvent("confirmed", Duration.ZERO).isPresent());

            client.send("set-credentials " + good.username() + " " + good.password());
            client.send("call " + NUMBER);
            client.awaitEvent("confirmed", WAIT);
            client.awaitEvent("ended", WAIT);
            assertEquals(SippProcess.EXIT_ALL_CALLS_OK, trunk.awaitExit(WAIT), trunk.describe());
            assertEquals(1, trunk.received("INVITE ").size(), "the refused call never reached the trunk");
            assertEquals(List.of(), CallTestSupport.withCredentials(trunk));
        }
    }
}
