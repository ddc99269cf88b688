package org.webtrunk.gateway.transport;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/** TLS clients of the gateway's own listeners in tests: trusting its self-signed certificate, closing politely. */
final class TlsTestClients {
    private TlsTestClients() {
    }

    /** A client context that trusts the self-signed certificate the listeners made in {@code tlsDir}. */
    static SSLContext trustingSelfSigned(Path tlsDir) throws IOException, GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        try (InputStream in = Files.newInputStream(tlsDir.resolve(SelfSignedCertificates.CERT_FILE))) {
            ks.setCertificateEntry("gateway", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }

    /**
     * TLS over {@code tcp} that closing TLS leaves open (autoClose false), so a test can send close_notify and
     * then see whether the gateway closes TCP itself.
     */
    static SSLSocket overKeptOpenSocket(SSLContext ctx, Socket tcp) throws IOException {
        tcp.setSoTimeout(5000);
        SSLSocket tls = (SSLSocket) ctx.getSocketFactory().createSocket(tcp, "127.0.0.1", tcp.getPort(), false);
        tls.startHandshake();
        return tls;
    }

    /** Sends close_notify and fails unless the gateway then ends the TCP stream within the socket's timeout (5 s). */
    static void closeNotifyAndAwaitClose(SSLSocket tls, Socket tcp) throws IOException {
        tls.shutdownOutput(); // close_notify; this side stays open
        try {
            tcp.getInputStream().readAllBytes(); // the gateway's own close_notify, if any, then the end
        } catch (SocketTimeoutException e) {
            fail("the gateway kept the connection open for 5 s after the peer's close_notify");
        }
    }
}
