package org.webtrunk.gateway.dialog.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.webtrunk.gateway.dialog.it.DialogItSupport.NUMBER;
import static org.webtrunk.gateway.dialog.it.DialogItSupport.WAIT;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.webtrunk.auth.EphemeralCredentials;
import org.webtrunk.gateway.Gateway;
import org.webtrunk.gateway.testsupport.FreePorts;
import org.webtrunk.gateway.testsupport.JsSipClient;
import org.webtrunk.gateway.testsupport.SippProcess;
import org.webtrunk.gateway.testsupport.SippProcess.Message;

/**
 * A browser (real JsSIP in Node) vanishes in the middle of a call, as a closed tab or a dead laptop does:
 * JsSIP itself keeps calls up when its WebSocket drops, so only the gateway can tell the trunk. Killed with
 * the kernel closing the socket, the trunk gets a BYE at once (CANCEL while ringing, RFC 3261 §9.1); with the
 * path silently dead (no FIN, simulated by SIGSTOP), within the WebSocket idle timeout (RFC 6455 §5.5.2 pings).
 */
class BrowserVanishesIT {
    /** How soon after a killed browser's FIN the trunk must hear of it. */
    private static final Duration PROMPT = Duration.ofSeconds(2);
    private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(3);

    @TempDir
    Path tmp;
    private Gateway gateway;
    private int trunkPort;

    @BeforeEach
    void ports() {
        trunkPort = FreePorts.tcpAndUdp();
    }

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void killedBrowserIsHungUpOnTheTrunk() throws Exception {
        gateway = DialogItSupport.startGateway(tmp, "", DialogItSupport.oneTrunk(trunkPort));
        try (SippProcess trunk = trunk("trunk-answer.xml");
             JsSipClient browser = browser("alice").start()) {
            browser.awaitEvent("confirmed", WAIT);
            Instant killed = Instant.now();
            browser.kill();

            assertEquals(SippProcess.EXIT_ALL_CALLS_OK, trunk.awaitExit(WAIT), trunk.describe());
            Duration delay = delay("BYE", trunk, killed);
            System.out.println("[BrowserVanishesIT] kill -> BYE at the trunk: " + delay.toMillis() + " ms");
            assertTrue(delay.compareTo(PROMPT) < 0, "BYE " + delay.toMillis() + " ms after the kill");
            assertWsClosedReason(trunk.received("BYE ").get(0));
            assertEquals(1.0, awaitEndedWsClosed(), "counted as ended because its WebSocket closed");
            assertEquals(0, gateway.dialogs().size(), "nothing left in the dialog table");
        }
    }

    @Test
    void silentlyDeadBrowserIsHungUpWithinTheIdleTimeout() throws Exception {
        gateway = DialogItSupport.startGateway(tmp, "ping-interval: 1s, idle-timeout: " + IDLE_TIMEOUT.toSeconds() + "s",
                DialogItSupport.oneTrunk(trunkPort));
        String user = "frozen" + System.nanoTime();
        try (SippProcess trunk = trunk("trunk-answer.xml");
             JsSipClient browser = browser(user).start()) {
            browser.awaitEvent("confirmed", WAIT);
            ProcessHandle node = nodeProcessOf(user);
            Instant stopped = Instant.now();
            signal("-STOP", node);
            try {
                assertEquals(SippProcess.EXIT_ALL_CALLS_OK, trunk.awaitExit(WAIT), trunk.describe());
                Duration delay = delay("BYE", trunk, stopped);
                System.out.println("[BrowserVanishesIT] SIGSTOP -> BYE at the trunk: " + delay.toMillis()
                        + " ms (ping 1 s, idle timeout " + IDLE_TIMEOUT.toMillis() + " ms)");
                assertTrue(delay.compareTo(IDLE_TIMEOUT.plus(PROMPT)) < 0, "BYE " + delay.toMillis() + " ms after SIGSTOP");
                assertWsClosedReason(trunk.received("BYE ").get(0));
                assertEquals(1.0, awaitEndedWsClosed());
            } finally {
                signal("-CONT", node);
                browser.kill();
            }
        }
    }

    @Test
    void killedBrowserWhileRingingIsCancelledOnTheTrunk() throws Exception {
        gateway = DialogItSupport.startGateway(tmp, "", DialogItSupport.oneTrunk(trunkPort));
        try (SippProcess trunk = trunk("trunk-ring-until-cancel.xml");
             JsSipClient browser = browser("bob").start()) {
            assertEquals(180, browser.awaitEvent("progress", WAIT).get("status_code"));
            Instant killed = Instant.now();
            browser.kill();

            // the scenario passes only if CANCEL came, was answered 200, and the 487 got its ACK
            assertEquals(SippProcess.EXIT_ALL_CALLS_OK, trunk.awaitExit(WAIT), trunk.describe());
            Duration delay = delay("CANCEL", trunk, killed);
            System.out.println("[BrowserVanishesIT] kill while ringing -> CANCEL at the trunk: " + delay.toMillis() + " ms");
            assertTrue(delay.compareTo(PROMPT) < 0, "CANCEL " + delay.toMillis() + " ms after the kill");
            assertEquals(1, trunk.received("CANCEL ").size());
            assertEquals(1, trunk.received("ACK ").size(), "the gateway ACKed the 487");
            assertEquals(0, trunk.received("BYE ").size(), "an unanswered call is cancelled, not BYEd");
            assertEquals(1.0, awaitEndedWsClosed(), this::endedMetrics);
            assertEquals(0, gateway.dialogs().size());
        }
    }

    private SippProcess trunk(String scenario) throws IOException {
        return SippProcess.scenario(scenario).uas().localPort(trunkPort).timeout(Duration.ofSeconds(30)).start();
    }

    private JsSipClient.Builder browser(String user) {
        EphemeralCredentials c = DialogItSupport.mint(user);
        return JsSipClient.builder(DialogItSupport.wsUrl(gateway), "sip:" + user + "@example.invalid")
                .credentials(c.username(), c.password()).call(NUMBER).maxRuntime(Duration.ofSeconds(40));
    }

    /**
     * The ws-closed count once it is at least 1 (or after 5 s): the trunk's SIPp can finish on the gateway's last
     * message (the ACK of a 487) a moment before the gateway's event loop records the end.
     */
    private double awaitEndedWsClosed() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (endedWsClosed() < 1.0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        return endedWsClosed();
    }

    private double endedWsClosed() {
        return DialogItSupport.metric(gateway, "webtrunk_calls_ended_total", "reason=\"ws-closed\"");
    }

    private String endedMetrics() {
        return gateway.metrics().scrape().lines().filter(l -> l.startsWith("webtrunk_calls_")).toList().toString();
    }

    private static Duration delay(String method, SippProcess trunk, Instant from) throws IOException {
        List<Instant> at = DialogItSupport.receivedAt(trunk, method);
        assertEquals(1, at.size(), "one " + method + " in the trunk's log: " + trunk.workDir());
        return Duration.between(from, at.get(0));
    }

    private static void assertWsClosedReason(Message bye) {
        String reason = bye.header("Reason");
        assertNotNull(reason, "the BYE says why: " + bye.text());
        assertTrue(reason.contains("cause=410") && reason.contains("WebSocket closed"), reason);
    }

    /** The node process of the JsSIP client for {@code user} (JsSipClient does not expose its pid). */
    private static ProcessHandle nodeProcessOf(String user) {
        return ProcessHandle.current().children()
                .filter(p -> p.info().commandLine().map(c -> c.contains(user)).orElse(false))
                .findFirst().orElseThrow(() -> new AssertionError("no node process for " + user));
    }

    private static void signal(String signal, ProcessHandle process) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", signal, Long.toString(process.pid())).inheritIO().start();
        if (!kill.waitFor(5, TimeUnit.SECONDS)) {
            kill.destroyForcibly();
            throw new AssertionError("kill " + signal + " hung");
        }
    }
}
