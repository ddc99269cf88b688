package org.webtrunk.gateway.transport;

import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.security.GeneralSecurityException;
import org.webtrunk.gateway.config.TlsConfig;

/**
 * Server TLS contexts for the TLS and WSS listeners: BoringSSL when it loads (faster handshakes and
 * records, FACTS.md), the JDK otherwise.
 */
final class TlsContexts {
    private TlsContexts() {
    }

    static SslProvider provider() {
        return OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;
    }

    static SslContext forServer(TlsConfig config) throws IOException, GeneralSecurityException {
        SelfSignedCertificates.KeyAndChain kc = config.selfSigned()
                ? SelfSignedCertificates.loadOrCreate(config.selfSignedDir())
                : SelfSignedCertificates.read(config.certificateFile(), config.privateKeyFile());
        return SslContextBuilder.forServer(kc.key(), kc.chain()).sslProvider(provider()).build();
    }
}
