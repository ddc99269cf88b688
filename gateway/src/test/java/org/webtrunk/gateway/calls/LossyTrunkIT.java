package org.webtrunk.gateway.calls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.webtrunk.gateway.calls.CallTestSupport.NUMBER;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.webtrunk.auth.EphemeralCredentials;
import org.webtrunk.gateway.testsupport.FreePorts;
import org.webtrunk.gateway.testsupport.RunningGateway;
import org.webtrunk.gateway.testsupport.SippProcess;
import org.webtrunk.gateway.transport.Transport;

/**
 * Retransmissions on a lossy UDP trunk: the trunk drops 10 % of what it sends and receives, and the gateway's
 * transactions (Timer A/E retransmissions, absorbing and relaying retransmitted responses, RFC 3261 §17)
 * still carry every call of a SIPp caller to completion. Judged by the caller, as sipp/README.md advises.
 */
class LossyTrunkIT {
    private static final int CALLS = 20;
    private static final Duration RUN = Duration.ofSeconds(90);

    @TempDir
    Path tmp;

    @Test
    void everyCallCompletesDespiteTenPercentLossOnTheTrunk() throws Exception {
        List<Integer> ports = FreePorts.distinct(2);
        int trunkPort = ports.get(0);
        EphemeralCredentials bob = CallTestSupport.mint("bob");
        try (RunningGateway gateway = RunningGateway.start(tmp, CallTestSupport.oneTrunk(trunkPort));
             SippProcess trunk = SippProcess.scenario("trunk-lossy.xml").uas().localPort(trunkPort).lost(10)
                     .calls(CALLS).timeout(RUN).start();
             SippProcess caller = SippProcess.scenario("uac-call-auth.xml")
                     .remote("127.0.0.1", gateway.port(Transport.UDP)).localPort(ports.get(1)).service(NUMBER)
                     .injection(List.of(CallTestSupport.injectionRow(bob, "bob"))).calls(CALLS).rate(5).limit(10)
                     .callDuration(Duration.ofMillis(200)).timeout(RUN).start()) {
            assertEquals(SippProcess.EXIT_ALL_CALLS_OK, caller.awaitExit(RUN.plusSeconds(5)), caller.describe());
            assertEquals(CALLS, caller.received("SIP/2.0 200").stream()
                    .filter(m -> m.header("CSeq").endsWith("BYE")).map(m -> m.header("Call-ID"))
                    .distinct().count(), "every call's BYE was answered");
            assertTrue(caller.received("SIP/2.0 200").stream().filter(m -> m.header("CSeq").endsWith("INVITE"))
                    .allMatch(m -> m.body().contains("a=ice-ufrag:trnk")), "every answer came from the trunk");
        }
    }
}
