package org.webtrunk.gateway.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.webtrunk.gateway.config.TrunkTlsConfig;
import org.webtrunk.gateway.testsupport.TestCertificates;

class TrunkTlsClientsTest {
    private static final Duration EVERY_MINUTE = TrunkTlsConfig.CRL_CHECK_INTERVAL;

    @TempDir
    Path dir;

    private static InetSocketAddress at(String ip, int port) throws Exception {
        return new InetSocketAddress(InetAddress.getByName(ip), port);
    }

    @Test
    void aTargetGetsItsTrunksContextAndNameAnyOtherAddressTheJvmsTrustAndItsOwn() throws Exception {
        TestCertificates.Identity carrier = TestCertificates.selfSigned(dir, "carrier", "sbc.carrier.test");
        TrunkTlsConfig tls = new TrunkTlsConfig(carrier.certificate(), "sbc.carrier.test", null, null, null, EVERY_MINUTE);
        TrunkTlsClients clients = TrunkTlsClients.build(List.of(
                new TrunkTlsClients.Target("carrier", at("192.0.2.10", 5061), "192.0.2.10", tls),
                new TrunkTlsClients.Target("plain", at("192.0.2.20", 5061), "sbc.other.test", TrunkTlsConfig.DEFAULTS)));
        TrunkTlsClients.Profile carrierProfile = clients.forAddress(at("192.0.2.10", 5061));
        assertEquals("sbc.carrier.test", carrierProfile.serverName());
        assertEquals("sbc.other.test", clients.forAddress(at("192.0.2.20", 5061)).serverName(),
                "without server-name, the host the target was configured by");
        TrunkTlsClients.Profile contact = clients.forAddress(at("192.0.2.30", 5061));
        assertEquals("192.0.2.30", contact.serverName());
        assertSame(clients.forAddress(at("192.0.2.20", 5061)).context(), contact.context(), "the JVM's trust");
        assertNotSame(carrierProfile.context(), contact.context());
    }

    @Test
    void oneAddressWithTwoDifferentSettingsIsRefusedNamingBothTrunks() throws Exception {
        TestCertificates.Identity carrier = TestCertificates.selfSigned(dir, "carrier", "sbc.carrier.test");
        InetSocketAddress shared = at("192.0.2.10", 5061);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> TrunkTlsClients.build(List.of(
                new TrunkTlsClients.Target("a", shared, "192.0.2.10", TrunkTlsConfig.DEFAULTS),
                new TrunkTlsClients.Target("b", shared, "192.0.2.10",
                        new TrunkTlsConfig(carrier.certificate(), null, null, null, null, EVERY_MINUTE)))));
        assertTrue(e.getMessage().contains("trunks 'a' and 'b' both reach"), e.getMessage());
    }

    @Test
    void aKeyThatCannotBeReadStopsTheStartNamingTheTrunkAndKeys() throws Exception {
        TestCertificates.Identity ours = TestCertificates.selfSigned(dir, "ours", "gw.example.test");
        Path broken = dir.resolve("broken-key.pem");
        Files.writeString(broken, "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> TrunkTlsClients.build(List.of(
                new TrunkTlsClients.Target("carrier", at("192.0.2.10", 5061), "192.0.2.10",
                        new TrunkTlsConfig(null, null, ours.certificate(), broken, null, EVERY_MINUTE)))));
        assertTrue(e.getMessage().startsWith("cannot set up TLS to trunk 'carrier', tls.certificate, tls.private-key"),
                e.getMessage());
    }

    @Test
    void tellsWhenEachTrunksRevocationListsExpire() throws Exception {
        TestCertificates.Authority ca = TestCertificates.authority(dir, "carrier-ca", "Carrier CA");
        Instant nextUpdate = Instant.now().plus(Duration.ofHours(6)).truncatedTo(ChronoUnit.SECONDS);
        Path crl = TestCertificates.revocationList(ca, dir.resolve("carrier.crl"), nextUpdate);
        TrunkTlsConfig withLists = new TrunkTlsConfig(ca.files().certificate(), null, null, null, crl, EVERY_MINUTE);
        TrunkTlsClients clients = TrunkTlsClients.build(List.of(
                new TrunkTlsClients.Target("carrier", at("192.0.2.10", 5061), "192.0.2.10", withLists),
                new TrunkTlsClients.Target("plain", at("192.0.2.20", 5061), "192.0.2.20", TrunkTlsConfig.DEFAULTS),
                new TrunkTlsClients.Target("carrier-b", at("192.0.2.30", 5061), "192.0.2.30", withLists)));
        TrunkTlsClients.RevocationLists lists = clients.revocationLists().get(0);
        assertEquals(1, clients.revocationLists().size(), "one file read once, for the trunks with a crl-file");
        assertEquals(List.of("carrier", "carrier-b"), lists.trunkNames());
        assertEquals(nextUpdate, lists.trust().firstNextUpdate());
        assertEquals(EVERY_MINUTE, lists.checkInterval());
    }

    @Test
    void aContactATrunkAnsweredWithIsCheckedAsThatTrunk() throws Exception {
        TestCertificates.Identity carrier = TestCertificates.selfSigned(dir, "carrier", "sbc.carrier.test");
        TrunkTlsConfig tls = new TrunkTlsConfig(carrier.certificate(), "sbc.carrier.test", null, null, null, EVERY_MINUTE);
        TrunkTlsClients clients = TrunkTlsClients.build(List.of(
                new TrunkTlsClients.Target("carrier", at("192.0.2.10", 5061), "192.0.2.10", tls)));
        TrunkTlsClients.Profile target = clients.forAddress(at("192.0.2.10", 5061));
        clients.learnContact(at("192.0.2.10", 5061), "192.0.2.11", 5071);
        clients.learnContact(at("192.0.2.10", 5061), "Edge.Carrier.Test", 5062);
        clients.learnContact(at("192.0.2.99", 5061), "192.0.2.12", 5061); // not a TLS target: nothing learned

        TrunkTlsClients.Profile byIp = clients.forAddress(at("192.0.2.11", 5071));
        assertSame(target.context(), byIp.context());
        assertEquals("sbc.carrier.test", byIp.serverName(), "an IP Contact is checked against the trunk's name");
        InetSocketAddress named = new InetSocketAddress(
                InetAddress.getByAddress("edge.carrier.test", new byte[] {(byte) 192, 0, 2, 13}), 5062);
        assertSame(target.context(), clients.forAddress(named).context());
        assertEquals("Edge.Carrier.Test", clients.forAddress(named).serverName());
        assertNotSame(target.context(), clients.forAddress(at("192.0.2.12", 5061)).context());
        assertNotSame(target.context(), clients.forAddress(at("192.0.2.11", 5061)).context(), "another port");
    }
}
