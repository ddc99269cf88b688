package org.webtrunk.gateway.calls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
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
 * Tenants are fenced: a caller authenticated as tenant A ({@code a.alice}) dialling a number only tenant B owns
 * is refused by the gateway (403, or 404 for a tenant with {@code dial-refusal: 404}, which does not reveal that
 * the number exists) and the trunk sees nothing; the same caller's own numbers still go through.
 */
class CrossTenantIT {
    private static final String A_NUMBER = "15550001234";
    private static final String B_NUMBER = "16660001234";

    @TempDir
    Path tmp;
    private RunningGateway gateway;
    private int trunkPort;

    @BeforeEach
    void start() {
        trunkPort = FreePorts.tcpAndUdp();
        gateway = RunningGateway.start(tmp, """
                trunks:
                  - name: shared
                    targets: [{uri: "sip:127.0.0.1:%d;transport=udp", priority: 1}]
                tenants:
                  - {id: a, numbers: ["+1555*"], trunks: [shared]}
                  - {id: b, numbers: ["+1666*"], trunks: [shared], dial-refusal: 404}
                """.formatted(trunkPort));
    }

    @AfterEach
    void stop() {
        gateway.close();
    }

    @Test
    void tenantACallerDiallingTenantBsNumberGets403() throws Exception {
        refusedThenOwnNumberWorks(CallTestSupport.mint("a.alice"), B_NUMBER, 403, A_NUMBER);
    }

    @Test
    void tenantWithDialRefusal404HidesTheOtherTenantsNumber() throws Exception {
        refusedThenOwnNumberWorks(CallTestSupport.mint("b.bob"), A_NUMBER, 404, B_NUMBER);
    }

    /**
     * The call to {@code foreign} is refused with {@code status}; then, on the same trunk, a call to {@code own}
     * goes through, so the trunk demonstrably listened and saw only that INVITE.
     */
    private void refusedThenOwnNumberWorks(EphemeralCredentials c, String foreign, int status, String own)
            throws Exception {
        try (SippProcess trunk = SippProcess.scenario("trunk-answer.xml").uas().localPort(trunkPort)
                .timeout(Duration.ofSeconds(30)).start();
             JsSipClient browser = JsSipClient.builder(gateway.wsUrl(), "sip:" + c.id() + "@example.invalid")
                     .credentials(c.username(), c.password()).hangupAfter(Duration.ofMillis(200))
                     .maxRuntime(Duration.ofSeconds(40)).start()) {
            browser.awaitEvent("connected", WAIT);
            browser.send("call " + foreign);
            Map<String, Object> failed = browser.awaitEvent("failed", WAIT);
            assertEquals(status, failed.get("status_code"), failed.toString());

            browser.send("call " + own);
            browser.awaitEvent("confirmed", WAIT);
            browser.awaitEvent("ended", WAIT);
            assertEquals(SippProcess.EXIT_ALL_CALLS_OK, trunk.awaitExit(WAIT), trunk.describe());
            List<Message> invites = trunk.received("INVITE ");
            assertEquals(1, invites.size(), "the refused call never reached the trunk");
            assertTrue(invites.get(0).startLine().startsWith("INVITE sip:" + own + "@"), invites.get(0).startLine());
        }
    }
}
