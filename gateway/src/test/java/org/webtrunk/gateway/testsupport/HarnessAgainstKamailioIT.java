package org.webtrunk.gateway.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.webtrunk.gateway.testsupport.SippProcess.Message;

/**
 * The test peers (JsSIP in Node, SIPp trunk and caller scenarios) against Kamailio, the proxy
 * WebTrunk replaces: if this passes, a failure of the same peers against the gateway is the
 * gateway's. Covers ephemeral digest REGISTER over WebSocket (RFC 7118, RFC 3261 section 22), a
 * browser call to the trunk with Record-Route across ws/udp (RFC 3261 section 16.6 step 4), a
 * digest-authenticated SIPp call over UDP, and a trunk call to a registered browser.
 */
class HarnessAgainstKamailioIT {

    private static final String SECRET = "harness-secret";
    private static final Duration WAIT = Duration.ofSeconds(10);

    private static KamailioProcess kamailio;
    private static int trunkPort;
    private static int callerPort;

    @BeforeAll
    static void startKamailio() throws Exception {
        List<Integer> ports = FreePorts.distinct(4);
        trunkPort = ports.get(2);
        callerPort = ports.get(3);
        kamailio = KamailioProcess.builder().sipPort(ports.get(0)).wsPort(ports.get(1))
                .trunk("127.0.0.1", trunkPort).secret(SECRET).start();
    }

    @AfterAll
    static void stopKamailio() {
        if (kamailio != null) {
            kamailio.close();
        }
    }

    @Test
    void jssipRegistersWithEphemeralCredentialsOverWebSocket() throws Exception {
        String[] credentials = ephemeral("alice", Duration.ofHours(1));
        try (JsSipClient alice = JsSipClient.builder(kamailio.wsUrl(), "sip:alice@example.invalid")
                .credentials(credentials[0], credentials[1]).register().maxRuntime(Duration.ofSeconds(30)).start()) {
            Map<String, Object> registered = alice.awaitEvent("registered", WAIT);
            assertEquals(200, registered.get("status_code"));
            assertTrue(((Number) registered.get("expires")).intValue() > 0, registered.toString());
            alice.send("unregister");
            assertEquals(200, alice.awaitEvent("unregistered", WAIT).get("status_code"));
        }
    }

    @Test
    void jssipWithForgedPasswordIsRefused() throws Exception {
        String[] credentials = ephemeral("mallory", Duration.ofHours(1));
        try (JsSipClient mallory = JsSipClient.builder(kamailio.wsUrl(), "sip:mallory@example.invalid")
                .credentials(credentials[0], "Zm9yZ2VkcGFzc3dvcmQ=").register().maxRuntime(Duration.ofSeconds(30))
                .start()) {
            Map<String, Object> failed = mallory.awaitEvent("registrationFailed", WAIT);
            assertEquals(401, failed.get("status_code"), failed.toString());
        }
    }

    @Test
    void jssipCallsTheTrunkAndHangsUp() throws Exception {
        String[] credentials = ephemeral("alice", Duration.ofHours(1));
        try (SippProcess trunk = SippProcess.scenario("trunk-answer.xml").uas().localPort(trunkPort)
                .timeout(Duration.ofSeconds(20)).start();
             JsSipClient alice = JsSipClient.builder(kamailio.wsUrl(), "sip:alice@example.invalid")
                     .credentials(credentials[0], credentials[1]).call("15551234567")
                     .hangupAfter(Duration.ofMillis(300)).maxRuntime(Duration.ofSeconds(30)).start()) {
            alice.awaitEvent("confirmed", WAIT);
            assertEquals("local", alice.awaitEvent("ended", WAIT).get("originator"));
            assertEquals(SippProcess.EXIT_ALL_CALLS_OK, trunk.awaitExit(WAIT), trunk.describe());

            Message invite = trunk.received("INVITE ").get(0);
            assertNull(invite.header("Proxy-Authorization"), "Kamailio consumed the credentials");
            assertEquals(2, invite.headers("Record-Route").size(), "double Record-Route across ws/udp");
            assertTrue(invite.body().contains("UDP/TLS/RTP/SAVPF"), invite.text());
            assertEquals(1, trunk.received("ACK ").size(), "the trunk saw the ACK");
            assertEquals(1, trunk.received("BYE ").size(), "the trunk saw the BYE");
            String answer = trunk.messages().stream().filter(m -> !m.received() && m.startLine().startsWith("SIP/2.0 200"))
                    .findFirst().orElseThrow().body();
            assertTrue(answer.contains("a=mid:0") && answer.contains("a=fingerprint:sha-256"), answer);
        }
    }

    @Test
    void trunkHangsUpFirstAndBusyIsReported() throws Exception {
        String[] credentials = ephemeral("alice", Duration.ofHours(1));
        try (SippProcess trunk = SippProcess.scenario("trunk-hangup-first.xml").uas().localPort(trunkPort)
                .callDuration(Duration.ofMillis(300)).timeout(Duration.ofSeconds(20)).start();
             JsSipClient alice = JsSipClient.builder(kamailio.wsUrl(), "sip:alice@example.invalid")
                     .credentials(credentials[0], credentials[1]).call("15551234567")
                     .maxRuntime(Duration.ofSeconds(30)).start()) {
            alice.awaitEvent("confirmed", WAIT);
            assertEquals("remote", alice.awaitEvent("ended", WAIT).get("originator"));
            assertEquals(SippProcess.EXIT_ALL_CALLS_OK, trunk.awaitExit(WAIT), trunk.describe());
        }
        try (SippProcess trunk = SippProcess.scenario("trunk-busy.xml").uas().localPort(trunkPort)
                .timeout(Duration.ofSeconds(20)).start();
             JsSipClient alice = JsSipClient.builder(kamailio.wsUrl(), "sip:alice@example.invalid")
                     .credentials(credentials[0], credentials[1]).call("15551234567")
                     .maxRuntime(Duration.ofSeconds(30)).start()) {
            assertEquals(486, alice.awaitEvent("failed", WAIT).get("status_code"));
            assertEquals(SippProcess.EXIT_ALL_CALLS_OK, trunk.awaitExit(WAIT), trunk.describe());
        }
    }

    @Test
    void browserCancelsWhileTheTrunkRings() throws Exception {
        String[] credentials = ephemeral("alice", Duration.ofHours(1));
        try (SippProcess trunk = SippProcess.scenario("trunk-ring-forever.xml").uas().localPort(trunkPort)
                .timeout(Duration.ofSeconds(20)).start();
             JsSipClient alice = JsSipClient.builder(kamailio.wsUrl(), "sip:alice@example.invalid")
                     .credentials(credentials[0], credentials[1]).call("15551234567")
                     .maxRuntime(Duration.ofSeconds(30)).start()) {
            assertEquals(180, alice.awaitEvent("progress", WAIT).get("status_code"));
            alice.send("hangup");
            assertEquals("Canceled", alice.awaitEvent("failed", WAIT).get("cause"));
            assertEquals(SippProcess.EXIT_ALL_CALLS_OK, trunk.awaitExit(WAIT), trunk.describe());
            assertEquals(1, trunk.received("CANCEL ").size());
        }
    }

    @Test
    void sippCallerAuthenticatesAndCallsTheTrunkOverUdp() throws Exception {
        String[] credentials = ephemeral("bob", Duration.ofHours(1));
        try (SippProcess trunk = SippProcess.scenario("trunk-answer.xml").uas().localPort(trunkPort)
                .timeout(Duration.ofSeconds(20)).start();
             SippProcess caller = SippProcess.scenario("uac-call-auth.xml").remote("127.0.0.1", kamailio.sipPort())
                     .localPort(callerPort).service("15551234567")
                     .injection(List.of(List.of(credentials[0], credentials[1], "bob")))
                     .callDuration(Duration.ofMillis(200)).timeout(Duration.ofSeconds(20)).start()) {
            assertEquals(SippProcess.EXIT_ALL_CALLS_OK, caller.awaitExit(WAIT), caller.describe());
            assertEquals(SippProcess.EXIT_ALL_CALLS_OK, trunk.awaitExit(WAIT), trunk.describe());
            assertEquals(1, caller.received("SIP/2.0 407").size(), "challenged once");
            Message authenticated = caller.messages().stream()
                    .filter(m -> !m.received() && m.startLine().startsWith("INVITE ") && m.hasHeader("Proxy-Authorization"))
                    .findFirst().orElseThrow();
            assertTrue(authenticated.header("Proxy-Authorization").contains("username=\"" + credentials[0] + "\""));
            assertEquals(1, trunk.received("BYE ").size());
        }
    }

    @Test
    void sippRegistersWithDigestAndProbesWithOptions() throws Exception {
        String[] credentials = ephemeral("carol", Duration.ofHours(1));
        try (SippProcess register = SippProcess.scenario("uac-register-auth.xml")
                .remote("127.0.0.1", kamailio.sipPort()).localPort(callerPort)
                .injection(List.of(List.of(credentials[0], credentials[1], "carol"))).timeout(WAIT).start()) {
            assertEquals(SippProcess.EXIT_ALL_CALLS_OK, register.awaitExit(WAIT), register.describe());
        }
        try (SippProcess expired = SippProcess.scenario("uac-register-auth.xml")
                .remote("127.0.0.1", kamailio.sipPort()).localPort(callerPort)
                .injection(List.of(List.of(ephemeral("carol", Duration.ofHours(-1))))).timeout(WAIT).start()) {
            assertEquals(SippProcess.EXIT_SOME_CALLS_FAILED, expired.awaitExit(WAIT), "expired credentials refused");
            assertFalse(expired.received("SIP/2.0 401").isEmpty());
            assertTrue(expired.received("SIP/2.0 200").isEmpty(), expired.describe());
        }
        try (SippProcess options = SippProcess.scenario("uac-options.xml")
                .remote("127.0.0.1", kamailio.sipPort()).localPort(callerPort).timeout(WAIT).start()) {
            assertEquals(SippProcess.EXIT_ALL_CALLS_OK, options.awaitExit(WAIT), options.describe());
        }
    }

    @Test
    void trunkCallsRegisteredBrowser() throws Exception {
        String[] credentials = ephemeral("dave", Duration.ofHours(1));
        try (JsSipClient dave = JsSipClient.builder(kamailio.wsUrl(), "sip:dave@example.invalid")
                .credentials(credentials[0], credentials[1]).register().answer()
                .maxRuntime(Duration.ofSeconds(30)).start()) {
            dave.awaitEvent("registered", WAIT);
            try (SippProcess trunk = SippProcess.scenario("trunk-calls-user.xml").remote("127.0.0.1", kamailio.sipPort())
                    .localPort(trunkPort).service("dave").callDuration(Duration.ofMillis(300))
                    .timeout(Duration.ofSeconds(20)).start()) {
                assertTrue(String.valueOf(dave.awaitEvent("incoming", WAIT).get("from")).contains("+15550001111"));
                dave.awaitEvent("confirmed", WAIT);
                assertEquals("remote", dave.awaitEvent("ended", WAIT).get("originator"));
                assertEquals(SippProcess.EXIT_ALL_CALLS_OK, trunk.awaitExit(WAIT), trunk.describe());
            }
        }
    }

    /** auth_ephemeral's TURN REST style: username "expiry:id", password base64(HMAC-SHA1(secret, username)). */
    private static String[] ephemeral(String id, Duration validFor) throws GeneralSecurityException {
        String username = Instant.now().plus(validFor).getEpochSecond() + ":" + id;
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        String password = Base64.getEncoder().encodeToString(mac.doFinal(username.getBytes(StandardCharsets.UTF_8)));
        return new String[] {username, password};
    }
}
