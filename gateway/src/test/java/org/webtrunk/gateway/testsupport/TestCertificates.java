package org.webtrunk.gateway.testsupport;

import java.io.IOException;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Self-signed certificates for TLS peers in tests (a trunk, a gateway's client identity), as PEM files. */
public final class TestCertificates {
    /** The certificate and key files of one identity. */
    public record Identity(Path certificate, Path privateKey) {
    }

    private TestCertificates() {
    }

    /**
     * A self-signed P-256 certificate for {@code dnsName} only (no IP address), valid for a day, usable by a
     * server and a client, written to {@code dir/<prefix>-cert.pem} and {@code dir/<prefix>-key.pem}.
     */
    public static Identity selfSigned(Path dir, String prefix, String dnsName) throws IOException, GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair pair = generator.generateKeyPair();
        X500Name name = new X500Name("CN=" + dnsName + ", O=WebTrunk tests");
        Instant now = Instant.now();
        X509CertificateHolder holder;
        try {
            var builder = new JcaX509v3CertificateBuilder(name, new BigInteger(64, new SecureRandom()),
                    Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(1))), name,
                    pair.getPublic());
            builder.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(new GeneralName(GeneralName.dNSName, dnsName)));
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                    new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
            holder = builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate()));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException("cannot sign a test certificate", e);
        }
        Identity files = new Identity(dir.resolve(prefix + "-cert.pem"), dir.resolve(prefix + "-key.pem"));
        Files.createDirectories(dir);
        write(files.certificate(), holder);
        write(files.privateKey(), new JcaPKCS8Generator(pair.getPrivate(), null)); // PKCS#8: OpenSSL reads it
        return files;
    }

    private static void write(Path file, Object pem) throws IOException {
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.US_ASCII); JcaPEMWriter pw = new JcaPEMWriter(w)) {
            pw.writeObject(pem);
        }
    }
}
