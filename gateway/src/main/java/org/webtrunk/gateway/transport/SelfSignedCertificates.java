package org.webtrunk.gateway.transport;

import java.io.IOException;
import java.io.Reader;
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
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PEM certificates and keys with BouncyCastle: reads a configured chain and key (PKCS#8, PKCS#1 or SEC1),
 * and makes a self-signed EC P-256 certificate for {@code localhost}, {@code 127.0.0.1} and {@code ::1}
 * when none is configured. The generated pair is written to the self-signed directory (key as PKCS#8,
 * the only form BouncyCastle reads back for EC keys) and reused while it is valid.
 */
final class SelfSignedCertificates {
    static final String CERT_FILE = "selfsigned-cert.pem";
    static final String KEY_FILE = "selfsigned-key.pem";
    private static final Logger log = LoggerFactory.getLogger(SelfSignedCertificates.class);
    private static final Duration VALIDITY = Duration.ofDays(365);

    /** A private key and its certificate chain, leaf first. */
    record KeyAndChain(PrivateKey key, X509Certificate[] chain) {
    }

    private SelfSignedCertificates() {
    }

    static KeyAndChain read(Path certificateFile, Path keyFile) throws IOException, GeneralSecurityException {
        return new KeyAndChain(readKey(keyFile), readChain(certificateFile));
    }

    /** The certificate in {@code dir}, generated (with a WARN) when absent or expired. */
    static KeyAndChain loadOrCreate(Path dir) throws IOException, GeneralSecurityException {
        Path cert = dir.resolve(CERT_FILE);
        Path key = dir.resolve(KEY_FILE);
        if (Files.isRegularFile(cert) && Files.isRegularFile(key)) {
            KeyAndChain existing = read(cert, key);
            if (existing.chain()[0].getNotAfter().toInstant().isAfter(Instant.now().plus(Duration.ofDays(1)))) {
                return existing;
            }
            log.warn("self-signed certificate {} has expired; generating a new one", cert);
        }
        KeyAndChain created = generate();
        Files.createDirectories(dir);
        writePem(key, new JcaPKCS8Generator(created.key(), null).generate(), true);
        writePem(cert, created.chain()[0], false);
        log.warn("no TLS certificate configured: generated a self-signed one for localhost/127.0.0.1 in {}."
                + " Browsers will refuse it; configure certificate and private-key for production.", dir);
        return created;
    }

    static KeyAndChain generate() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair pair = generator.generateKeyPair();
        X500Name name = new X500Name("CN=localhost, O=WebTrunk self-signed");
        Instant now = Instant.now();
        try {
            var builder = new JcaX509v3CertificateBuilder(name, new BigInteger(64, new SecureRandom()),
                    Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(VALIDITY)), name, pair.getPublic());
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                new GeneralName(GeneralName.dNSName, "localhost"),
                new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                new GeneralName(GeneralName.iPAddress, "::1")}));
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            X509CertificateHolder holder = builder.build(
                    new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate()));
            return new KeyAndChain(pair.getPrivate(),
                    new X509Certificate[] {new JcaX509CertificateConverter().getCertificate(holder)});
        } catch (IOException | OperatorCreationException e) {
            throw new GeneralSecurityException("cannot build self-signed certificate", e);
        }
    }

    private static void writePem(Path file, Object pem, boolean secret) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        if (secret && tmp.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.US_ASCII); JcaPEMWriter pw = new JcaPEMWriter(w)) {
            pw.writeObject(pem);
        }
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    static X509Certificate[] readChain(Path file) throws IOException, CertificateException {
        List<X509Certificate> chain = new ArrayList<>();
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.US_ASCII); PEMParser parser = new PEMParser(r)) {
            for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
                if (o instanceof X509CertificateHolder holder) {
                    chain.add(converter.getCertificate(holder));
                }
            }
        }
        if (chain.isEmpty()) {
            throw new CertificateException("no certificate in " + file);
        }
        return chain.toArray(new X509Certificate[0]);
    }

    static PrivateKey readKey(Path file) throws IOException, GeneralSecurityException {
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.US_ASCII); PEMParser parser = new PEMParser(r)) {
            for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
                if (o instanceof PrivateKeyInfo info) {
                    return converter.getPrivateKey(info);
                }
                if (o instanceof PEMKeyPair pair) {
                    return converter.getKeyPair(pair).getPrivate();
                }
                if (o instanceof PEMEncryptedKeyPair || o instanceof PKCS8EncryptedPrivateKeyInfo) {
                    throw new GeneralSecurityException("encrypted private keys are not supported: " + file);
                }
            }
        }
        throw new GeneralSecurityException("no private key in " + file);
    }
}
