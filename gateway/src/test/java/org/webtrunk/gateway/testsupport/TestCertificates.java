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
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Certificates for TLS peers in tests (a trunk, a gateway's client identity), as PEM files: self-signed, or issued
 * by a test CA that can also revoke them in a revocation list.
 */
public final class TestCertificates {
    /** The certificate and key files of one identity, and the certificate's serial number. */
    public record Identity(Path certificate, Path privateKey, BigInteger serial) {
    }

    /** A CA: its files, and what it signs with. */
    public record Authority(Identity files, X500Name name, PrivateKey key) {
    }

    private TestCertificates() {
    }

    /**
     * A self-signed P-256 certificate for {@code dnsName} only (no IP address), valid for a day, usable by a
     * server and a client, written to {@code dir/<prefix>-cert.pem} and {@code dir/<prefix>-key.pem}.
     */
    public static Identity selfSigned(Path dir, String prefix, String dnsName)
            throws IOException, GeneralSecurityException {
        KeyPair pair = newKeyPair();
        X500Name name = subject(dnsName);
        return write(dir, prefix, pair.getPrivate(), leaf(name, pair.getPrivate(), name, pair, dnsName));
    }

    /** A CA certificate (P-256, valid for a day) that may sign certificates and revocation lists. */
    public static Authority authority(Path dir, String prefix, String commonName)
            throws IOException, GeneralSecurityException {
        KeyPair pair = newKeyPair();
        X500Name name = new X500Name("CN=" + commonName + ", O=WebTrunk tests");
        var builder = builder(name, name, pair);
        try {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        } catch (IOException e) {
            throw new GeneralSecurityException(e);
        }
        return new Authority(write(dir, prefix, pair.getPrivate(), builder.build(signer(pair.getPrivate()))), name,
                pair.getPrivate());
    }

    /** A certificate for {@code dnsName}, as {@link #selfSigned} makes it, but issued by {@code ca}. */
    public static Identity issued(Authority ca, Path dir, String prefix, String dnsName)
            throws IOException, GeneralSecurityException {
        KeyPair pair = newKeyPair();
        return write(dir, prefix, pair.getPrivate(), leaf(ca.name(), ca.key(), subject(dnsName), pair, dnsName));
    }

    /** {@code ca}'s revocation list, current for a day, naming {@code revoked} (none: an empty list), as PEM. */
    public static Path revocationList(Authority ca, Path file, BigInteger... revoked)
            throws IOException, GeneralSecurityException {
        return revocationList(ca, file, Instant.now().plus(Duration.ofDays(1)), revoked);
    }

    /** {@code ca}'s revocation list until {@code nextUpdate} (in the past: one that has expired), as PEM. */
    public static Path revocationList(Authority ca, Path file, Instant nextUpdate, BigInteger... revoked)
            throws IOException, GeneralSecurityException {
        Instant issued = Collections.min(List.of(Instant.now().minus(Duration.ofMinutes(5)),
                nextUpdate.minus(Duration.ofDays(1))));
        var builder = new X509v2CRLBuilder(ca.name(), Date.from(issued));
        builder.setNextUpdate(Date.from(nextUpdate));
        for (BigInteger serial : revoked) {
            builder.addCRLEntry(serial, Date.from(issued), CRLReason.keyCompromise);
        }
        Files.createDirectories(file.getParent());
        writePem(file, builder.build(signer(ca.key())));
        return file;
    }

    private static KeyPair newKeyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static X500Name subject(String dnsName) {
        return new X500Name("CN=" + dnsName + ", O=WebTrunk tests");
    }

    private static JcaX509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair pair) {
        Instant now = Instant.now();
        return new JcaX509v3CertificateBuilder(issuer, new BigInteger(64, new SecureRandom()),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(1))), subject,
                pair.getPublic());
    }

    private static X509CertificateHolder leaf(X500Name issuer, PrivateKey issuerKey, X500Name subject, KeyPair pair,
            String dnsName) throws GeneralSecurityException {
        var builder = builder(issuer, subject, pair);
        try {
            builder.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(new GeneralName(GeneralName.dNSName, dnsName)));
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                    new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
        } catch (IOException e) {
            throw new GeneralSecurityException(e);
        }
        return builder.build(signer(issuerKey));
    }

    private static ContentSigner signer(PrivateKey key) throws GeneralSecurityException {
        try {
            return new JcaContentSignerBuilder("SHA256withECDSA").build(key);
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException("cannot sign a test certificate", e);
        }
    }

    private static Identity write(Path dir, String prefix, PrivateKey key, X509CertificateHolder certificate)
            throws IOException {
        Identity files = new Identity(dir.resolve(prefix + "-cert.pem"), dir.resolve(prefix + "-key.pem"),
                certificate.getSerialNumber());
        Files.createDirectories(dir);
        writePem(files.certificate(), certificate);
        writePem(files.privateKey(), new JcaPKCS8Generator(key, null)); // PKCS#8: OpenSSL reads it
        return files;
    }

    private static void writePem(Path file, Object pem) throws IOException {
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.US_ASCII);
             JcaPEMWriter pw = new JcaPEMWriter(w)) {
            pw.writeObject(pem);
        }
    }
}
