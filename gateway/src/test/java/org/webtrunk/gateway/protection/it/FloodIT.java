package org.webtrunk.gateway.protection.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.webtrunk.gateway.protection.it.EdgeTestSupport.NUMBER;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.webtrunk.auth.EphemeralCredentials;
import org.webtrunk.gateway.testsupport.FreePorts;
import org.webtrunk.gateway.testsupport.RunningGateway;
import org.webtrunk.gateway.testsupport.SippProcess;
import org.webtrunk.gateway.transport.Transport;

/**
 * A UDP flood from one address (like Kamailio's pike) is detected and banned within a second, while an
 * authenticated SIPp caller on another address keeps completing calls to the trunk; once the ban time has passed
 * the flooding address is served again.
 */
class FloodIT {
    private static final String FLOODER = "127.0.0.66";
    private static final String TRUNK_HOST = "127.0.0.3";
    private static final int FLOOD_RATE = 20_000;
    private static final Duration FLOOD_LENGTH = Duration.ofMillis(2500);
    private static final Duration BAN_TIME = Duration.ofSeconds(3);
    private static final int CALLS = 100;
    private static final int CALL_RATE = 20;
    private static final Duration RUN = Duration.ofSeconds(40);

    @TempDir
    Path tmp;
    private RunningGateway gateway;
    private int trunkPort;
    private int callerPort;

    @BeforeEach
    void start() {
        List<Integer> ports = FreePorts.distinct(2);
        trunkPort = ports.get(0);
        callerPort = ports.get(1);
        gateway = RunningGateway.start(tmp, EdgeTestSupport.config(TRUNK_HOST, trunkPort, """
                  flood: {window: 2s, max-requests: 400, action: drop, ban-time: 3s}
                  limits: {calls-per-second-per-tenant: 200}
                """)); // the caller's 20 calls/s (bunched by SIPp under load) must not meet the tenant's call rate
    }

    @AfterEach
    void stop() {
        gateway.close();
    }

    @Test
    void floodIsBannedWithinASecondWhileAnotherCallerKeepsCalling() throws Exception {
        EphemeralCredentials bob = EdgeTestSupport.mintWithScript("bob");
        int udpPort = gateway.port(Transport.UDP);
        try (SippProcess trunk = SippProcess.scenario("trunk-answer.xml").uas().localIp(TRUNK_HOST)
                .localPort(trunkPort).calls(CALLS).timeout(RUN).start();
             SippProcess caller = SippProcess.scenario("uac-call-auth.xml").remote("127.0.0.1", udpPort)
                     .localPort(callerPort).service(NUMBER)
                     .injection(List.of(List.of(bob.username(), bob.password(), "bob")))
                     .calls(CALLS).rate(CALL_RATE).callDuration(Duration.ofMillis(100)).timeout(RUN).start();
             UdpFlood flood = new UdpFlood(FLOODER, udpPort, FLOOD_RATE, FLOOD_LENGTH)) {
            Thread.sleep(1000); // the caller is mid-run when the flood starts
            Instant floodStart = flood.start();

            JsonNode ban = EdgeTestSupport.awaitBan(gateway, FLOODER, Duration.ofSeconds(5));
            Instant bannedAt = Instant.parse(ban.get("expiresAt").asText()).minus(BAN_TIME);
            Duration detection = Duration.between(floodStart, bannedAt);
            assertEquals("flood", ban.get("reason").asText(), ban.toString());
            assertTrue(detection.compareTo(Duration.ofSeconds(1)) < 0,
                    "banned " + detection.toMillis() + " ms after the flood started: " + ban);

            long sent = flood.await(Duration.ofSeconds(5));
            double dropped = EdgeTestSupport.metric(gateway, "webtrunk_protection_drops_total", "reason=\"banned\"");
            System.out.printf("FloodIT: %d datagrams in %d ms from %s, banned after %d ms, %.0f dropped as banned, "
                    + "%d answered%n", sent, FLOOD_LENGTH.toMillis(), FLOODER, detection.toMillis(), dropped,
                    flood.answers());
            assertTrue(EdgeTestSupport.metric(gateway, "webtrunk_protection_bans_total", "reason=\"flood\"") >= 1);
            assertTrue(dropped >= 1000, "the ban dropped the flood's datagrams: " + dropped + " of " + sent);
            Thread.sleep(200); // late answers
            assertTrue(flood.answers() <= 401, "a ban never reflects a flood: " + flood.answers() + " answers to "
                    + sent + " datagrams (at most the 400 before the ban)");

            caller.awaitExit(RUN.plusSeconds(5));
            long completed = caller.received("SIP/2.0 200").stream()
                    .filter(m -> String.valueOf(m.header("CSeq")).endsWith("BYE")).count();
            System.out.printf("FloodIT: %d of %d authenticated calls completed during the flood%n", completed, CALLS);
            assertTrue(completed >= Math.ceil(CALLS * 0.99), completed + " of " + CALLS + " calls completed\n"
                    + caller.describe());

            EdgeTestSupport.awaitUnban(gateway, FLOODER, BAN_TIME.plusSeconds(5));
            assertEquals("SIP/2.0 200 OK", EdgeTestSupport.udpOptionsStatus(FLOODER, udpPort, Duration.ofSeconds(3)),
                    "after the ban time the address is served again");
        }
    }
}
