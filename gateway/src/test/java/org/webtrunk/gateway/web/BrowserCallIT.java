package org.webtrunk.gateway.web;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.webtrunk.gateway.testsupport.FreePorts;
import org.webtrunk.gateway.testsupport.RunningGateway;
import org.webtrunk.gateway.testsupport.SippProcess;
import org.webtrunk.gateway.testsupport.Tools;
import org.webtrunk.gateway.transport.Transport;

/**
 * A visitor opens the gateway's click-to-call page in a real browser (Debian's Chromium, headless, fake microphone,
 * driven by playwright-core): the page gets a customer token from the demo endpoint, trades it at {@code /v1/token},
 * JsSIP (the bundle esbuild makes from node_modules/jssip) registers and calls the tenant's SIPp trunk, the call is
 * confirmed with the trunk's WebRTC answer, the page refreshes its credentials mid-call, and hangs up: the trunk
 * sees INVITE, ACK and BYE. The page in the call is kept as gateway/target/test-artifacts/browser-call*.png.
 */
class BrowserCallIT {
    private static final String NUMBER = "15551234567";
    private static final String DEMO_SECRET = "browser-call-it-demo-tenant-secret-0123456789";
    private static final Duration BROWSER_RUN = Duration.ofSeconds(120);

    @Test
    void visitorCallsTheTrunkFromThePageOverWs() throws Exception {
        callFromBrowser(false, "browser-call.png");
    }

    @Test
    void visitorCallsTheTrunkFromAnHttpsPageOverWss() throws Exception {
        callFromBrowser(true, "browser-call-wss.png");
    }

    private void callFromBrowser(boolean secure, String screenshotName) throws Exception {
        Tools.require("sipp");
        Path chromium = Tools.require("chromium");
        NodeScript.jsDir("jssip", "esbuild", "playwright-core");
        Path work = Tools.newWorkDir("browser-call-");
        Path bundle = work.resolve("jssip.min.js");
        NodeScript.Result built = NodeScript.run(work, Duration.ofSeconds(60), "build-jssip-bundle.mjs", bundle.toString());
        assertEquals(0, built.exitCode(), built.describe());

        Path artifacts = Tools.repoRoot().resolve("gateway/target/test-artifacts");
        Files.createDirectories(artifacts);
        Path screenshot = artifacts.resolve(screenshotName);
        Files.deleteIfExists(screenshot);

        int trunkPort = FreePorts.tcpAndUdp();
        try (SippProcess trunk = SippProcess.scenario("trunk-answer.xml").uas().localPort(trunkPort)
                .timeout(Duration.ofSeconds(150)).start();
             RunningGateway gateway = RunningGateway.start(work, config(trunkPort, bundle))) {
            String url = (secure ? "https://127.0.0.1:" + gateway.port(Transport.WSS)
                    : "http://127.0.0.1:" + gateway.port(Transport.WS)) + "/demo/?refresh=3";
            NodeScript.Result run = NodeScript.run(work, BROWSER_RUN, "browser-call.mjs", "--url", url,
                    "--number", NUMBER, "--screenshot", screenshot.toString(), "--refresh-check",
                    "--admin", "http://127.0.0.1:" + gateway.adminPort(),
                    "--chromium", chromium.toString());
            String why = run.describe() + "\n" + trunk.describe();
            assertEquals(0, run.exitCode(), why);
            assertTrue(run.event("registered").isPresent(), why);
            assertTrue(String.valueOf(run.event("confirmed").orElseThrow().get("text")).contains(NUMBER), why);
            Map<String, Object> refreshed = run.event("refreshed").orElseThrow();
            assertEquals("confirmed", refreshed.get("callState"), "a credential refresh must not touch the call: " + why);
            assertEquals("registered", refreshed.get("uaState"), why);
            assertTrue(run.event("ended").isPresent(), why);
            assertEquals(0, ((Number) run.event("byeDone").orElseThrow().get("dialogsLeft")).intValue(),
                    "the gateway still tracks the call after the trunk answered the BYE: " + why);
            assertRegisteredWithRefreshedCredentials(refreshed,
                    username(String.valueOf(run.event("registered").orElseThrow().get("credentials"))));

            assertEquals(SippProcess.EXIT_ALL_CALLS_OK, trunk.awaitExit(Duration.ofSeconds(30)), trunk.describe());
            List<SippProcess.Message> invites = trunk.received("INVITE ");
            assertEquals(1, invites.size(), trunk.describe());
            String offer = invites.get(0).body();
            assertTrue(offer.contains("UDP/TLS/RTP/SAVPF") && offer.contains("a=fingerprint:"),
                    "the trunk gets the browser's own WebRTC offer: " + offer);
            assertTrue(invites.get(0).startLine().startsWith("INVITE sip:" + NUMBER + "@"), invites.get(0).startLine());
            assertEquals(1, trunk.received("ACK ").size(), trunk.describe());
            assertEquals(1, trunk.received("BYE ").size(), trunk.describe());
        }
        assertScreenshot(screenshot);
    }

    /** The page shows "USERNAME until TIME ...". */
    private static String username(String credentialsText) {
        return credentialsText.strip().split(" ", 2)[0];
    }

    /**
     * JsSIP re-registers silently when it succeeds, so ask the gateway (the driver read its registrations during the
     * call): the visitor's binding must carry the id of credentials the page got by refreshing, not the first ones.
     */
    private static void assertRegisteredWithRefreshedCredentials(Map<String, Object> refreshed, String firstUsername) {
        JsonNode bindings = new ObjectMapper().valueToTree(refreshed.get("bindings"));
        assertEquals(1, bindings.size(), String.valueOf(bindings));
        String credentialId = bindings.get(0).path("credentialId").asText();
        assertEquals("demo", bindings.get(0).path("tenant").asText(), bindings.toString());
        assertTrue(credentialId.startsWith("demo."), bindings.toString());
        assertFalse(firstUsername.endsWith(":" + credentialId),
                "the binding still has the first credentials " + firstUsername + ": " + bindings);
    }

    private static String config(int trunkPort, Path bundle) {
        return """
                trunks:
                  - name: demo-trunk
                    targets: [{uri: "sip:127.0.0.1:%d;transport=udp", priority: 1}]
                tenants:
                  - {id: demo, numbers: ["*"], trunks: [demo-trunk]}
                token-service:
                  credential-ttl: 1m
                  tenants:
                    - id: demo
                      secrets: [{value: "%s"}]
                demo:
                  enabled: true
                  jssip-bundle: "%s"
                """.formatted(trunkPort, DEMO_SECRET, bundle);
    }

    private static void assertScreenshot(Path png) throws IOException {
        assertTrue(Files.isRegularFile(png), "no screenshot at " + png);
        byte[] head = Arrays.copyOf(Files.readAllBytes(png), 8);
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, head, png + " is not a PNG");
    }
}
