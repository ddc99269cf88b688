package org.webtrunk.gateway.calls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.webtrunk.gateway.calls.CallTestSupport.NUMBER;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.webtrunk.auth.EphemeralCredentials;
import org.webtrunk.gateway.testsupport.FreePorts;
import org.webtrunk.gateway.testsupport.RunningGateway;
import org.webtrunk.gateway.testsupport.SippProcess;
import org.webtrunk.gateway.testsupport.SippProcess.Message;
import org.webtrunk.gateway.transport.Transport;

/**
 * A plain SIP caller (SIPp) over UDP or TCP authenticates with credentials from {@code scripts/mint-credentials.sh}
 * (407 then Proxy-Authorization, RFC 3261 §22.3) and completes several INVITE/ACK/BYE calls to a SIPp trunk
 * through the gateway, across the caller's transport and the trunk's UDP (Record-Route, §16.6).
 */
class SippCallerIT {
    private static final int CALLS = 5;
    private static final Duration RUN = Duration.ofSeconds(30);

    @TempDir
    Path tmp;
    private RunningGateway gateway;
    private int trunkPort;
    private int callerPort;

    @BeforeEach
    void ports() {
        List<Integer> ports = FreePorts.distinct(2);
        trunkPort = ports.get(0);
        callerPort = ports.get(1);
    }

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    @ParameterizedTest
    @EnumSource(value = SippProcess.Transport.class, names = {"UDP", "TCP"})
    void authenticatedCallerCompletesCallsToTheTrunk(SippProcess.Transport transport) throws Exception {
        gateway = RunningGateway.start(tmp, CallTestSupport.oneTrunk(trunkPort));
        runCalls(transport);
    }

    /** {@code listeners.udp.threads: 2}: caller and trunk messages are read by either thread, calls still complete. */
    @Test
    void callsCompleteWithTwoUdpThreads() throws Exception {
        gateway = RunningGateway.start(tmp, CallTestSupport.oneTrunk(trunkPort), 2);
        runCalls(SippProcess.Transport.UDP);
    }

    private void runCalls(SippProcess.Transport transport) throws Exception {
        EphemeralCredentials bob = CallTestSupport.mintWithScript("bob");
        Transport listener = transport == SippProcess.Transport.UDP ? Transport.UDP : Transport.TCP;
        try (SippProcess trunk = SippProcess.scenario("trunk-answer.xml").uas().localPort(trunkPort).calls(CALLS)
                .timeout(RUN).start();
             SippProcess caller = SippProcess.scenario("uac-call-auth.xml").transport(transport)
                     .remote("127.0.0.1", gateway.port(listener)).localPort(callerPort).service(NUMBER)
                     .injection(List.of(CallTestSupport.injectionRow(bob, "bob"))).calls(CALLS).rate(5)
                     .callDuration(Duration.ofMillis(100)).timeout(RUN).start()) {
            assertEquals(SippProcess.EXIT_ALL_CALLS_OK, caller.awaitExit(RUN.plusSeconds(5)), caller.describe());
            assertEquals(SippProcess.EXIT_ALL_CALLS_OK, trunk.awaitExit(Duration.ofSeconds(10)), trunk.describe());

            assertEquals(CALLS, caller.received("SIP/2.0 407").size(), "each call challenged once");
            Message authenticated = caller.messages().stream()
                    .filter(m -> !m.received() && m.startLine().startsWith("INVITE ") && m.hasHeader("Proxy-Authorization"))
                    .findFirst().orElseThrow();
            assertTrue(authenticated.header("Proxy-Authorization").contains("username=\"" + bob.username() + "\""));
            assertEquals(CALLS, trunk.received("INVITE ").size(), "only authenticated INVITEs reach the trunk");
            assertEquals(CALLS, trunk.received("ACK ").size());
            assertEquals(CALLS, trunk.received("BYE ").size());
            assertEquals(List.of(), CallTestSupport.withCredentials(trunk), "credentials never reach the trunk");
            assertTrue(gateway.metric("webtrunk_proxy_acks_absorbed_total", "") >= CALLS,
                    "the ACK of each stateless 407 was absorbed");
            assertTrue(gateway.metric("webtrunk_proxy_replies_stateless_total", "") >= CALLS);
        }
    }
}
