package org.webtrunk.gateway.calls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.webtrunk.gateway.testsupport.FreePorts;
import org.webtrunk.gateway.testsupport.JsSipClient;
import org.webtrunk.gateway.testsupport.RunningGateway;
import org.webtrunk.gateway.testsupport.SippProcess;

/**
 * A tenant's concurrent-call limit is exact: with K = 2, two real JsSIP calls are up, the third is refused
 * with the configured answer (486 here) and never reaches the trunk, and once one call ends a new one is
 * accepted.
 */
class TenantCallLimitIT {
    private static final Duration WAIT = CallTestSupport.WAIT;

    @TempDir
    Path tmp;
    private RunningGateway gateway;
    private int trunkPort;

    @BeforeEach
    void start() {
        trunkPort = FreePorts.tcpAndUdp();
        gateway = RunningGateway.start(tmp, CallTestSupport.oneTrunk(trunkPort) + """
                protection:
                  limits: {concurrent-calls-per-tenant: 2, call-refusal: 486}
                """);
    }

    @AfterEach
    void stop() {
        gateway.close();
    }

    private JsSipClient caller(String user) throws Exception {
        var credentials = CallTestSupport.mint("demo." + user);
        JsSipClient client = JsSipClient.builder(gateway.wsUrl(), "sip:" + user + "@example.invalid")
                .credentials(credentials.username(), credentials.password())
                .maxRuntime(Duration.ofSeconds(45)).start();
        client.awaitEvent("connected", WAIT);
        return client;
    }

    @Test
    void theCallBeyondTheLimitIsRefusedAndAcceptedAgainWhenOneEnds() throws Exception {
        try (SippProcess trunk = SippProcess.scenario("trunk-answer.xml").uas().localPort(trunkPort)
                .calls(3).limit(3).timeout(Duration.ofSeconds(40)).start();
             JsSipClient first = caller("first");
             JsSipClient second = caller("second");
             JsSipClient third = caller("third")) {
            first.send("call " + CallTestSupport.NUMBER);
            first.awaitEvent("confirmed", WAIT);
            second.send("call " + CallTestSupport.NUMBER);
            second.awaitEvent("confirmed", WAIT);

            third.send("call " + CallTestSupport.NUMBER);
            Map<String, Object> refused = third.awaitEvent("failed", WAIT);
            assertEquals(486, refused.get("status_code"), refused.toString());
            assertEquals(2, trunk.received("INVITE ").size(), "the refused call never reached the trunk");
            assertTrue(gateway.scrape().contains("webtrunk_protection_limit_hits_total"), "the refusal is counted");

            first.send("hangup");
            first.awaitEvent("ended", WAIT);
            waitUntilCallsUp(1);
            third.send("call " + CallTestSupport.NUMBER);
            third.awaitEvent("confirmed", WAIT);

            second.send("hangup");
            third.send("hangup");
            second.awaitEvent("ended", WAIT);
            third.awaitEvent("ended", WAIT);
            assertEquals(SippProcess.EXIT_ALL_CALLS_OK, trunk.awaitExit(WAIT), trunk.describe());
            assertEquals(3, trunk.received("BYE ").size());
        }
    }

    /** The first call's BYE and its 200 cross the gateway asynchronously; wait until its dialog is gone. */
    private void waitUntilCallsUp(int calls) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (gateway.gateway().dialogs().size() > calls && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(calls, gateway.gateway().dialogs().size(), "calls still up");
    }
}
