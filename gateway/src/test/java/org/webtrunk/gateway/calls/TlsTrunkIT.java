package org.webtrunk.gateway.calls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.webtrunk.gateway.calls.CallTestSupport.NUMBER;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.webtrunk.auth.EphemeralCredentials;
import org.webtrunk.gateway.testsupport.FreePorts;
import org.webtrunk.gateway.testsupport.RunningGateway;
import org.webtrunk.gateway.testsupport.SippProcess;
import org.webtrunk.gateway.testsupport.StunnelProcess;
import org.webtrunk.gateway.testsupport.TestCertificates;
import org.webtrunk.gateway.testsupport.Tools;
import org.webtrunk.gateway.transport.Transport;

/**
 * Calls to a trunk over TLS (RFC 3261 §26.3.1): SIPp answers behind stunnel, which shows a self-signed certificate
 * for {@code trunk.webtrunk.test} on a loopback port and demands a client certificate. With the trunk's
 * {@code tls} settings (that certificate in {@code ca-file}, its name in {@code server-name}, the gateway's own
 * certificate and key) the whole dialog goes over TLS; a trunk whose certificate the gateway cannot verify gets
 * nothing, and calls fail over to the next target; so does one whose certificate its CA has revoked, when the
 * trunk names that CA's revocation list, also when the list names it only after the gateway has started.
 */
class TlsTrunkIT {
    private static final int CALLS = 3;
    private static final Duration RUN = Duration.ofSeconds(30);
    private static final String TRUNK_NAME = "trunk.webtrunk.test";

    @TempDir
    Path tmp;
    private TestCertificates.Identity trunkCert;
    private TestCertificates.Identity gatewayCert;
    private TestCertificates.Authority carrierCa;
    private TestCertificates.Identity issuedByCarrier;
    private int tlsPort;
    private int trunkTcpPort;
    private int callerPort;
    private int backupPort;
    private int contactPort;

    @BeforeEach
    void setUp() throws Exception {
        trunkCert = TestCertificates.selfSigned(tmp.resolve("certs"), "trunk", TRUNK_NAME);
        gatewayCert = TestCertificates.selfSigned(tmp.resolve("certs"), "gateway", "gateway.webtrunk.test");
        carrierCa = TestCertificates.authority(tmp.resolve("certs"), "carrier-ca", "Carrier CA");
        issuedByCarrier = TestCertificates.issued(carrierCa, tmp.resolve("certs"), "trunk-issued", TRUNK_NAME);
        List<Integer> ports = FreePorts.distinct(5);
        tlsPort = ports.get(0);
        trunkTcpPort = ports.get(1);
        callerPort = ports.get(2);
        backupPort = ports.get(3);
        contactPort = ports.get(4);
    }

    /**
     * With {@code contactElsewhere} the trunk answers with a Contact at a second TLS front (another address of
     * the carrier, same certificate): the ACK and BYE go there, checked with the trunk's settings too.
     */
    @ParameterizedTest(name = "Contact at another address: {0}")
    @ValueSource(booleans = {false, true})
    void callsGoOverTlsToATrunkVerifiedByItsOwnSettings(boolean contactElsewhere) throws Exception {
        String yaml = """
                trunks:
                  - name: carrier
                    targets: [{uri: "sip:127.0.0.1:%d;transport=tls"}]
                    tls: {ca-file: "%s", server-name: %s, certificate: "%s", private-key: "%s"}
                tenants:
                  - {id: demo, default: true, numbers: ["*"], trunks: [carrier]}
                """.formatted(tlsPort, trunkCert.certificate(), TRUNK_NAME, gatewayCert.certificate(),
                gatewayCert.privateKey());
        try (StunnelProcess front = StunnelProcess.start(tlsPort, trunkTcpPort, trunkCert, gatewayCert.certificate());
             StunnelProcess contactFront = contactElsewhere
                     ? StunnelProcess.start(contactPort, trunkTcpPort, trunkCert, gatewayCert.certificate()) : null;
             RunningGateway gateway = RunningGateway.start(tmp, yaml);
             SippProcess trunk = trunkBehindTheFront(contactElsewhere ? contactPort : tlsPort, trunkTcpPort);
             SippProcess caller = caller(gateway)) {
            assertEquals(SippProcess.EXIT_ALL_CALLS_OK, caller.awaitExit(RUN.plusSeconds(5)), caller.describe());
            assertEquals(SippProcess.EXIT_ALL_CALLS_OK, trunk.awaitExit(Duration.ofSeconds(10)), trunk.describe());

            assertEquals(CALLS, trunk.received("INVITE ").size());
            assertEquals(CALLS, trunk.received("ACK ").size(), "the ACK of each 200 came to the trunk's TLS Contact");
            assertEquals(CALLS, trunk.received("BYE ").size());
            SippProcess.Message invite = trunk.received("INVITE ").get(0);
            assertTrue(invite.headers("Via").get(0).startsWith("SIP/2.0/TLS "), invite.text());
            assertTrue(invite.header("Record-Route").contains("transport=tls"), invite.text());
            assertEquals(List.of(), CallTestSupport.withCredentials(trunk), "credentials never reach the trunk");
            assertTrue(front.logText().contains("CN=gateway.webtrunk.test"),
                    "the trunk was shown the gateway's client certificate: " + front.logText());
            if (contactFront != null) {
                assertTrue(contactFront.logText().contains("CN=gateway.webtrunk.test"),
                        "the Contact's front too: " + contactFront.logText());
            }
        }
    }

    /**
     * No {@code ca-file} (the JVM's trust store does not know the self-signed certificate), or the right
     * {@code ca-file} with another name than the certificate's: the gateway never sends a request to that target.
     */
    @ParameterizedTest
    @ValueSource(strings = {"", "tls: {ca-file: \"CA\", server-name: other.webtrunk.test}"})
    void aTrunkWhoseCertificateFailsTheCheckGetsNothingAndCallsFailOver(String tls) throws Exception {
        String yaml = tlsThenUdp(tls.replace("CA", trunkCert.certificate().toString()));
        try (StunnelProcess front = StunnelProcess.start(tlsPort, trunkTcpPort, trunkCert, null);
             RunningGateway gateway = RunningGateway.start(tmp, yaml);
             SippProcess impostor = trunkBehindTheFront();
             SippProcess backup = backupTrunk();
             SippProcess caller = caller(gateway)) {
            assertCallsReached(caller, backup, impostor);
            assertTrue(gateway.metric("webtrunk_trunk_target_failures_total", "trunk=\"carrier\"") >= 1);
        }
    }

    /**
     * With {@code crl-file}, the trunk's certificate (issued by the carrier's CA) is checked against that CA's
     * revocation list at every handshake: while the list does not name it, calls go to it; once it does, the trunk
     * gets nothing and calls fail over to the next target.
     */
    @ParameterizedTest(name = "revoked: {0}")
    @ValueSource(booleans = {false, true})
    void aTrunkCertificateOnItsCasRevocationListGetsNothing(boolean revoked) throws Exception {
        Path crl = tmp.resolve("certs/carrier.crl");
        if (revoked) {
            TestCertificates.revocationList(carrierCa, crl, issuedByCarrier.serial());
        } else {
            TestCertificates.revocationList(carrierCa, crl);
        }
        String yaml = checkedAgainst(crl);
        try (StunnelProcess front = StunnelProcess.start(tlsPort, trunkTcpPort, issuedByCarrier, null);
             RunningGateway gateway = RunningGateway.start(tmp, yaml);
             SippProcess trunk = trunkBehindTheFront();
             SippProcess backup = backupTrunk();
             SippProcess caller = caller(gateway)) {
            assertCallsReached(caller, revoked ? backup : trunk, revoked ? trunk : backup);
            assertTrue(gateway.metric("webtrunk_trunk_tls_crl_next_update_seconds", "trunk=\"carrier\"")
                    > Instant.now().getEpochSecond(), "when the list expires, for alerts");

            // a fresh list fetched into the same file is read again without a restart
            Instant later = Instant.now().plus(Duration.ofDays(3)).truncatedTo(ChronoUnit.SECONDS);
            TestCertificates.revocationList(carrierCa, crl, later);
            awaitReread(gateway, crl);
            assertEquals(later.getEpochSecond(),
                    gateway.metric("webtrunk_trunk_tls_crl_next_update_seconds", "trunk=\"carrier\""));
        }
    }

    /**
     * A list fetched into the file while the gateway runs applies from the next handshake, without a restart: the
     * front closes the connection the first calls used, the list is rewritten, and the next calls go to the trunk
     * again through a fresh handshake when the new list is current and does not name its certificate. They go to
     * the backup when it does, and when the new list expired an hour ago (past the JDK's 15 minutes' allowance):
     * the certificate's status is then unknown (the gateway logs a WARN, but uses the list, which may name newly
     * revoked certificates).
     */
    @ParameterizedTest(name = "new list: {0}")
    @ValueSource(strings = {"current", "revoking", "expired"})
    void aRewrittenRevocationListAppliesFromTheNextHandshake(String newList) throws Exception {
        boolean refused = !newList.equals("current");
        Path crl = TestCertificates.revocationList(carrierCa, tmp.resolve("certs/carrier.crl"));
        String yaml = checkedAgainst(crl);
        try (RunningGateway gateway = RunningGateway.start(tmp, yaml);
             SippProcess backup = backupTrunk()) {
            try (StunnelProcess front = StunnelProcess.start(tlsPort, trunkTcpPort, issuedByCarrier, null);
                 SippProcess trunk = trunkBehindTheFront();
                 SippProcess caller = caller(gateway)) {
                assertEquals(SippProcess.EXIT_ALL_CALLS_OK, caller.awaitExit(RUN.plusSeconds(5)), caller.describe());
                assertEquals(SippProcess.EXIT_ALL_CALLS_OK, trunk.awaitExit(Duration.ofSeconds(10)), trunk.describe());
            }

            rewrite(crl, newList);
            awaitReread(gateway, crl);

            // contactPort is free in this test: the second trunk SIPp listens there, behind a new front
            try (StunnelProcess front = StunnelProcess.start(tlsPort, contactPort, issuedByCarrier, null);
                 SippProcess trunk = trunkBehindTheFront(tlsPort, contactPort);
                 SippProcess caller = caller(gateway)) {
                assertCallsReached(caller, refused ? backup : trunk, refused ? trunk : backup);
            }
        }
    }

    /**
     * The same with one front running throughout: the first connection ends with the first trunk, and the next
     * calls' connection could resume its TLS session, which shows no certificate to check. Every connection gets
     * a full handshake instead, so a list naming the certificate stops the calls.
     */
    @ParameterizedTest(name = "new list: {0}")
    @ValueSource(strings = {"current", "revoking"})
    void aRevokedCertificateIsNotTrustedAgainThroughAResumedSession(String newList) throws Exception {
        boolean revokedLater = newList.equals("revoking");
        Path crl = TestCertificates.revocationList(carrierCa, tmp.resolve("certs/carrier.crl"));
        try (RunningGateway gateway = RunningGateway.start(tmp, checkedAgainst(crl));
             SippProcess backup = backupTrunk();
             StunnelProcess front = StunnelProcess.start(tlsPort, trunkTcpPort, issuedByCarrier, null)) {
            try (SippProcess trunk = trunkBehindTheFront();
                 SippProcess caller = caller(gateway)) {
                assertCallsReached(caller, trunk, backup);
            }
            rewrite(crl, newList);
            awaitReread(gateway, crl);

            try (SippProcess trunk = trunkBehindTheFront();
                 SippProcess caller = caller(gateway)) {
                assertCallsReached(caller, revokedLater ? backup : trunk, revokedLater ? trunk : backup);
            }
            assertEquals(0, front.sessionsResumed(), front.logText());
            assertEquals(revokedLater ? 1 : 2, front.sessionsNegotiated(), front.logText());
        }
    }

    /**
     * Writes the carrier's list anew: {@code current} names nothing, {@code revoking} names the trunk's certificate,
     * {@code expired} names nothing but expired an hour ago.
     */
    private void rewrite(Path crl, String newList) throws Exception {
        switch (newList) {
            case "current" -> TestCertificates.revocationList(carrierCa, crl);
            case "revoking" -> TestCertificates.revocationList(carrierCa, crl, issuedByCarrier.serial());
            case "expired" -> TestCertificates.revocationList(carrierCa, crl, Instant.now().minus(Duration.ofHours(1)));
            default -> throw new IllegalArgumentException(newList);
        }
    }

    /** Every call succeeded, and all of them reached {@code answering} and none {@code passedOver}. */
    private static void assertCallsReached(SippProcess caller, SippProcess answering, SippProcess passedOver)
            throws Exception {
        assertEquals(SippProcess.EXIT_ALL_CALLS_OK, caller.awaitExit(RUN.plusSeconds(5)), caller.describe());
        assertEquals(SippProcess.EXIT_ALL_CALLS_OK, answering.awaitExit(Duration.ofSeconds(10)), answering.describe());
        assertEquals(CALLS, answering.received("INVITE ").size());
        assertEquals(List.of(), passedOver.messages());
    }

    /** Marks the rewritten list as changed and waits for the gateway to have read it again (1 s interval). */
    private static void awaitReread(RunningGateway gateway, Path crl) throws Exception {
        Files.setLastModifiedTime(crl, FileTime.from(Instant.now().plusSeconds(5)));
        String ok = "result=\"ok\",trunk=\"carrier\"";
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (gateway.metric("webtrunk_trunk_tls_crl_rereads_total", ok) < 1 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertTrue(gateway.metric("webtrunk_trunk_tls_crl_rereads_total", ok) >= 1, "the list was read again");
    }

    /** {@link #tlsThenUdp} with the front checked against the carrier's CA and {@code crl}, read again every second. */
    private String checkedAgainst(Path crl) {
        return tlsThenUdp("tls: {ca-file: \"%s\", crl-file: \"%s\", server-name: %s, crl-check-interval: 1s}"
                .formatted(carrierCa.files().certificate(), crl, TRUNK_NAME));
    }

    /** A trunk whose first target is the TLS front and whose second is a UDP trunk; failover after 1 s. */
    private String tlsThenUdp(String tls) {
        return """
                proxy: {target-timeout: 1s}
                trunks:
                  - name: carrier
                    targets:
                      - {uri: "sip:127.0.0.1:%d;transport=tls", priority: 1}
                      - {uri: "sip:127.0.0.1:%d;transport=udp", priority: 2}
                    %s
                tenants:
                  - {id: demo, default: true, numbers: ["*"], trunks: [carrier]}
                """.formatted(tlsPort, backupPort, tls);
    }

    private SippProcess trunkBehindTheFront() throws Exception {
        return trunkBehindTheFront(tlsPort, trunkTcpPort);
    }

    /**
     * The trunk's SIPp over TCP on {@code tcpPort} behind the TLS front(s), answering with a Contact at
     * {@code contactTlsPort}.
     */
    private SippProcess trunkBehindTheFront(int contactTlsPort, int tcpPort) throws Exception {
        return SippProcess.scenario(trunkBehindTls(contactTlsPort)).uas().transport(SippProcess.Transport.TCP)
                .localPort(tcpPort).calls(CALLS).timeout(RUN).start();
    }

    private SippProcess backupTrunk() throws Exception {
        return SippProcess.scenario("trunk-answer.xml").uas().localPort(backupPort).calls(CALLS).timeout(RUN).start();
    }

    private SippProcess caller(RunningGateway gateway) throws Exception {
        EphemeralCredentials bob = CallTestSupport.mint("bob");
        return SippProcess.scenario("uac-call-auth.xml").remote("127.0.0.1", gateway.port(Transport.UDP))
                .localPort(callerPort).service(NUMBER).injection(List.of(CallTestSupport.injectionRow(bob, "bob")))
                .calls(CALLS).rate(5).callDuration(Duration.ofMillis(100)).timeout(RUN).start();
    }

    /** trunk-answer.xml with its Contact naming the TLS front, as a trunk behind a TLS terminator would write it. */
    private Path trunkBehindTls(int contactTlsPort) throws Exception {
        String scenario = Files.readString(Tools.sippScenario("trunk-answer.xml"), StandardCharsets.ISO_8859_1);
        String contact = "<sip:trunk@[local_ip]:[local_port];transport=[transport]>";
        assertEquals(2, scenario.split(java.util.regex.Pattern.quote(contact), -1).length - 1, "180 and 200 Contacts");
        Path file = tmp.resolve("trunk-answer-behind-tls.xml");
        Files.writeString(file, scenario.replace(contact, "<sip:trunk@127.0.0.1:" + contactTlsPort + ";transport=tls>"),
                StandardCharsets.ISO_8859_1);
        return file;
    }
}
