package org.webtrunk.gateway.transport;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.webtrunk.gateway.config.ListenersConfig;
import org.webtrunk.gateway.config.SipListenerConfig;
import org.webtrunk.gateway.config.TlsConfig;
import org.webtrunk.gateway.config.WebSocketListenerConfig;

/** Listener configs for tests: loopback, port 0 (a free port), short timeouts. */
final class TestConfigs {
    private TestConfigs() {
    }

    static WebSocketListenerConfig ws(List<String> origins, Duration handshakeTimeout, TlsConfig tls) {
        return new WebSocketListenerConfig(true, "127.0.0.1", 0, "/", origins, 8192, handshakeTimeout, 65535,
                Duration.ofSeconds(30), Duration.ofSeconds(90), tls);
    }

    static SipListenerConfig sip(int maxMessageBytes, TlsConfig tls) {
        return new SipListenerConfig(true, "127.0.0.1", 0, maxMessageBytes, Duration.ofMinutes(1), tls);
    }

    /** A UDP listener read by {@code threads} I/O threads. */
    static SipListenerConfig udp(int threads) {
        return new SipListenerConfig(true, "127.0.0.1", 0, 65535, Duration.ofMinutes(1), null, threads);
    }

    static TlsConfig selfSigned(Path dir) {
        return new TlsConfig(null, null, dir);
    }

    static ListenersConfig all(Path tlsDir, List<String> origins, Duration handshakeTimeout) {
        TlsConfig tls = selfSigned(tlsDir);
        return new ListenersConfig(ws(origins, handshakeTimeout, null), ws(origins, handshakeTimeout, tls),
                sip(65535, null), sip(4096, null), sip(65535, tls), 1000);
    }
}
