package org.webtrunk.gateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.webtrunk.gateway.testsupport.TestCertificates;

/** A trunk's {@code tls} section: read with paths from the config file's folder, and every mistake named. */
class TrunkTlsConfigTest {
    @TempDir
    Path dir;
    private ConfigErrors errors = new ConfigErrors("test.yaml");

    private TrunkConfig trunk(String tls, String uri) {
        ConfigNode root = Yaml.root("""
                trunks:
                  - name: carrier
                    targets: [{uri: "%s"}]
                    %s
                tenants: [{id: demo, default: true, numbers: ["*"], trunks: [carrier]}]
                """.formatted(uri, tls), errors);
        TenantsConfig c = TenantsConfig.read(root, dir);
        root.rejectUnknownKeys();
        return c.trunks().get(0);
    }

    private String allErrors() {
        return String.join("\n", errors.messages());
    }

    @Test
    void readsEverySettingWithFilesFromTheConfigFolder() throws Exception {
        TestCertificates.Identity carrier = TestCertificates.selfSigned(dir.resolve("certs"), "carrier", "sbc.carrier.test");
        TestCertificates.Identity ours = TestCertificates.selfSigned(dir.resolve("certs"), "ours", "gw.example.test");
        TrunkConfig t = trunk("tls: {ca-file: certs/carrier-cert.pem, server-name: sbc.carrier.test, "
                + "certificate: certs/ours-cert.pem, private-key: certs/ours-key.pem}", "sips:192.0.2.10");
        assertTrue(errors.isEmpty(), allErrors());
        assertEquals(new TrunkTlsConfig(carrier.certificate(), "sbc.carrier.test", ours.certificate(),
                ours.privateKey(), null, TrunkTlsConfig.CRL_CHECK_INTERVAL), t.tls());
    }

    @Test
    void withoutATlsSectionTheJvmTrustStoreAndTheTargetsNameApply() {
        assertEquals(TrunkTlsConfig.DEFAULTS, trunk("", "sip:sbc.carrier.test;transport=tls").tls());
        assertTrue(errors.isEmpty(), allErrors());
    }

    @Test
    void eachMistakeNamesItsKeyAndFile() throws Exception {
        Files.writeString(dir.resolve("not-a-cert.pem"), "hello");
        trunk("tls: {ca-file: missing.pem, server-name: 'bad name', certificate: not-a-cert.pem, verify: false}",
                "sips:192.0.2.10");
        String all = allErrors();
        for (String expected : List.of(
                "trunks[0].tls.ca-file: cannot read '" + dir.resolve("missing.pem") + "'",
                "trunks[0].tls.server-name: 'bad name' is not a host name",
                "trunks[0].tls.private-key: certificate and private-key must be given together",
                "trunks[0].tls.certificate: '" + dir.resolve("not-a-cert.pem") + "'",
                "trunks[0].tls.verify: unknown key")) {
            assertTrue(all.contains(expected), expected + " missing in\n" + all);
        }
    }

    @Test
    void aRevocationListIsReadWithItsCas() throws Exception {
        TestCertificates.Authority ca = TestCertificates.authority(dir, "carrier-ca", "Carrier CA");
        Path crl = TestCertificates.revocationList(ca, dir.resolve("carrier.crl"), BigInteger.TEN);
        TrunkConfig t = trunk("tls: {ca-file: carrier-ca-cert.pem, crl-file: carrier.crl}", "sips:192.0.2.10");
        assertTrue(errors.isEmpty(), allErrors());
        assertEquals(new TrunkTlsConfig(ca.files().certificate(), null, null, null, crl,
                TrunkTlsConfig.CRL_CHECK_INTERVAL), t.tls());

        t = trunk("tls: {ca-file: carrier-ca-cert.pem, crl-file: carrier.crl, crl-check-interval: 10s}",
                "sips:192.0.2.10");
        assertTrue(errors.isEmpty(), allErrors());
        assertEquals(Duration.ofSeconds(10), t.tls().crlCheckInterval());
    }

    @Test
    void aCheckIntervalWithoutAListOrOutOfRangeIsAnError() throws Exception {
        TestCertificates.authority(dir, "carrier-ca", "Carrier CA");
        trunk("tls: {ca-file: carrier-ca-cert.pem, crl-check-interval: 10s}", "sips:192.0.2.10");
        assertTrue(allErrors().contains("trunks[0].tls.crl-check-interval: crl-check-interval needs crl-file"),
                allErrors());

        errors = new ConfigErrors("test.yaml");
        trunk("tls: {ca-file: carrier-ca-cert.pem, crl-check-interval: 500ms}", "sips:192.0.2.10");
        assertTrue(allErrors().contains("trunks[0].tls.crl-check-interval: must be between"), allErrors());
    }

    /** Each of these would fail every handshake with the trunk, or check nothing: the start stops instead. */
    @Test
    void aRevocationListThatCannotBeUsedStopsTheStartNamingTheFile() throws Exception {
        TestCertificates.Authority ca = TestCertificates.authority(dir, "carrier-ca", "Carrier CA");
        Path expired = TestCertificates.revocationList(ca, dir.resolve("expired.crl"),
                Instant.now().minus(Duration.ofHours(1)));
        trunk("tls: {ca-file: carrier-ca-cert.pem, crl-file: expired.crl}", "sips:192.0.2.10");
        String all = allErrors();
        assertTrue(all.contains("trunks[0].tls.crl-file: the list of ") && all.contains("CN=Carrier CA")
                && all.contains(" in '" + expired + "' expired at "), all);

        errors = new ConfigErrors("test.yaml");
        trunk("tls: {ca-file: carrier-ca-cert.pem, crl-file: carrier-ca-cert.pem}", "sips:192.0.2.10");
        assertTrue(allErrors().contains("trunks[0].tls.crl-file: '" + ca.files().certificate() + "'"), allErrors());

        errors = new ConfigErrors("test.yaml");
        trunk("tls: {crl-file: expired.crl}", "sips:192.0.2.10");
        assertTrue(allErrors().contains("trunks[0].tls.crl-file: crl-file needs ca-file"), allErrors());
    }

    @Test
    void tlsSettingsOnATrunkWithoutATlsTargetAreAnError() throws Exception {
        TestCertificates.selfSigned(dir, "carrier", "sbc.carrier.test");
        trunk("tls: {ca-file: carrier-cert.pem}", "sip:192.0.2.10;transport=udp");
        assertTrue(allErrors().contains("trunks[0].tls: this trunk has no TLS target"), allErrors());
    }
}
