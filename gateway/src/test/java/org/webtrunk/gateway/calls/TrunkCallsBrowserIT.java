package org.webtrunk.gateway.calls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.webtrunk.gateway.calls.CallTestSupport.WAIT;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.webtrunk.auth.EphemeralCredentials;
import org.webtrunk.gateway.testsupport.FreePorts;
import org.webtrunk.gateway.testsupport.JsSipClient;
import org.webtrunk.gateway.testsupport.RunningGateway;
import org.webtrunk.gateway.testsupport.SippProcess;
import org.webtrunk.gateway.transport.Transport;

/**
 * The trunk calls a browser: a SIPp trunk sends an INVITE from its configured address (trusted without digest)
 * to a user registered over WebSocket; the gateway finds the binding of that user in the trunk's tenant and
 * delivers the call over the browser's own connection (RFC 5626 flow, RFC 7118); JsSIP answers, the trunk
 * ACKs and hangs up along the recorded route.
 */
class TrunkCallsBrowserIT {
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

    @Test
    void registeredBrowserAnswersACallFromTheTrunk() throws Exception {
        EphemeralCredentials dave = CallTestSupport.mint("dave");
        try (JsSipClient browser = JsSipClient.builder(gateway.wsUrl(), "sip:dave@example.invalid")
                .credentials(dave.username(), dave.password()).register().answer().expectIncoming()
                .maxRuntime(Duration.ofSeconds(40)).start()) {
            assertEquals(200, browser.awaitEvent("registered", WAIT).get("status_code"));
            try (SippProcess trunk = SippProcess.scenario("trunk-calls-user.xml")
                    .remote("127.0.0.1", gateway.port(Transport.UDP)).localPort(trunkPort).service("dave")
                    .callDuration(Duration.ofMillis(300)).timeout(Duration.ofSeconds(20)).start()) {
                String from = String.valueOf(browser.awaitEvent("incoming", WAIT).get("from"));
                assertTrue(from.contains("+15550001111"), "the trunk's caller id reaches the browser: " + from);
                browser.awaitEvent("confirmed", WAIT);
                assertEquals("remote", browser.awaitEvent("ended", WAIT).get("originator"));
                assertEquals(SippProcess.EXIT_ALL_CALLS_OK, trunk.awaitExit(WAIT), trunk.describe());
                assertEquals(List.of(), trunk.received("SIP/2.0 407"), "a trunk is trusted by its address");
            }
            browser.send("quit");
            assertEquals(0, browser.awaitExit(WAIT), "JsSIP saw the incoming call: " + browser.events());
        }
    }

    @Test
    void callToAUserWhoIsNotRegisteredGets480() throws Exception {
        try (SippProcess trunk = SippProcess.scenario("trunk-calls-user.xml")
                .remote("127.0.0.1", gateway.port(Transport.UDP)).localPort(trunkPort).service("nobody")
                .timeout(Duration.ofSeconds(10)).start()) {
            assertEquals(SippProcess.EXIT_SOME_CALLS_FAILED, trunk.awaitExit(Duration.ofSeconds(15)), trunk.describe());
            assertEquals(1, trunk.received("SIP/2.0 480").size(), trunk.describe());
        }
    }
}
