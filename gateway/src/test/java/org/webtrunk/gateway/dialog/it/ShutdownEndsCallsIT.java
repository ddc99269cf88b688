package org.webtrunk.gateway.dialog.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.webtrunk.gateway.dialog.it.DialogItSupport.NUMBER;
import static org.webtrunk.gateway.dialog.it.DialogItSupport.WAIT;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.webtrunk.gateway.Gateway;
import org.webtrunk.gateway.testsupport.FreePorts;
import org.webtrunk.gateway.testsupport.SippProcess;
import org.webtrunk.gateway.testsupport.SippProcess.Message;

/**
 * An operator stops the gateway with calls up: none may be left hanging on the trunk (a trunk bills and holds
 * a channel until it gets a BYE). The admin API shows the calls first; stopping sends each a BYE with
 * {@code Reason: SIP;cause=503} (RFC 3326) on both sides.
 */
class ShutdownEndsCallsIT {
    private static final int CALLS = 3;

    @TempDir
    Path tmp;

    @Test
    void closingTheGatewayEndsEveryCallOnTheTrunk() throws Exception {
        int trunkPort = FreePorts.tcpAndUdp();
        Gateway gateway = DialogItSupport.startGateway(tmp, "", DialogItSupport.oneTrunk(trunkPort));
        HttpClient http = HttpClient.newHttpClient();
        List<WsSipCaller> callers = new ArrayList<>();
        boolean closed = false;
        try (SippProcess trunk = SippProcess.scenario("trunk-answer.xml").uas().localPort(trunkPort)
                .calls(CALLS).timeout(Duration.ofSeconds(30)).start()) {
            for (int i = 0; i < CALLS; i++) {
                WsSipCaller caller = WsSipCaller.connect(http, DialogItSupport.wsUrl(gateway));
                callers.add(caller);
                caller.call(NUMBER, DialogItSupport.mint("caller" + i), 0);
            }
            JsonNode listed = new ObjectMapper().readTree(DialogItSupport.adminGet(gateway, "/admin/dialogs"));
            assertEquals(CALLS, listed.size(), listed.toPrettyString());
            listed.forEach(d -> assertEquals("CONFIRMED", d.get("state").asText().toUpperCase(), d.toString()));

            gateway.close();
            closed = true;

            assertEquals(SippProcess.EXIT_ALL_CALLS_OK, trunk.awaitExit(WAIT), trunk.describe());
            List<Message> byes = trunk.received("BYE ");
            assertEquals(CALLS, byes.size(), "one BYE per call: " + trunk.workDir());
            for (Message bye : byes) {
                String reason = bye.header("Reason");
                assertNotNull(reason, bye.text());
                assertTrue(reason.contains("cause=503"), reason);
            }
            for (WsSipCaller caller : callers) {
                WsSipCaller.Msg bye = caller.awaitRequest("BYE", Duration.ofSeconds(5));
                assertNotNull(bye, "the browser is told too");
                assertTrue(String.valueOf(bye.header("reason")).contains("cause=503"), String.valueOf(bye.header("reason")));
            }
        } finally {
            callers.forEach(WsSipCaller::close);
            if (!closed) {
                gateway.close();
            }
        }
    }
}
