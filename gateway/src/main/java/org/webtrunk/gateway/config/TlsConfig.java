package org.webtrunk.gateway.config;

import java.nio.file.Path;

/**
 * Certificate and key for a TLS or WSS listener, as PEM files. When both are absent the gateway
 * generates a self-signed certificate at first start (fine for tests, never for browsers in production).
 *
 * @param certificateFile PEM certificate chain, leaf first; null to self-sign
 * @param privateKeyFile  PEM private key (PKCS#8 or PKCS#1); null to self-sign
 * @param selfSignedDir   where a generated certificate is kept so it survives restarts
 */
public record TlsConfig(Path certificateFile, Path privateKeyFile, Path selfSignedDir) {
    static TlsConfig read(ConfigNode n) {
        String cert = n.string("certificate", null);
        String key = n.string("private-key", null);
        String dir = n.string("self-signed-dir", "var/tls");
        if ((cert == null) != (key == null)) {
            n.error(cert == null ? "certificate" : "private-key",
                    "certificate and private-key must be given together");
        }
        n.rejectUnknownKeys();
        return new TlsConfig(cert == null ? null : Path.of(cert), key == null ? null : Path.of(key), Path.of(dir));
    }

    public boolean selfSigned() {
        return certificateFile == null;
    }
}
