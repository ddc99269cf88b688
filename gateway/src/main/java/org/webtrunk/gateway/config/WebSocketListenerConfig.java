package org.webtrunk.gateway.config;

import java.time.Duration;
import java.util.List;

/**
 * A WS or WSS listener (RFC 7118). Each limit is there against a denial of service by one client.
 *
 * @param enabled           whether to listen at all
 * @param host              address to bind
 * @param port              port to bind (0 picks a free one, for tests)
 * @param path              HTTP path that upgrades, e.g. {@code /}
 * @param allowedOrigins    Origin values allowed to upgrade; empty allows any Origin (and none), because
 *                          native and Node clients send no Origin. Browsers always send one, so list your
 *                          web sites here in production.
 * @param maxHandshakeBytes bound on the upgrade request (line plus headers), default 8 KiB
 * @param handshakeTimeout  a connection that has not upgraded by then is closed (slowloris)
 * @param maxMessageBytes   bound on one SIP message in one WebSocket message (fragments reassembled)
 * @param pingInterval      server pings keep NATs open and detect dead peers
 * @param idleTimeout       a connection with no frames (pongs count) for this long is closed
 * @param tls               certificate for WSS; null for WS
 */
public record WebSocketListenerConfig(
        boolean enabled,
        String host,
        int port,
        String path,
        List<String> allowedOrigins,
        int maxHandshakeBytes,
        Duration handshakeTimeout,
        int maxMessageBytes,
        Duration pingInterval,
        Duration idleTimeout,
        TlsConfig tls) {

    static WebSocketListenerConfig read(ConfigNode n, int defaultPort, boolean secure) {
        boolean enabled = n.bool("enabled", true);
        String host = n.string("host", "127.0.0.1");
        int port = n.port("port", defaultPort);
        String path = n.string("path", "/");
        if (!path.startsWith("/")) {
            n.error("path", "must start with '/', got '" + path + "'");
        }
        List<String> origins = new java.util.ArrayList<>();
        for (String o : n.strings("allowed-origins", List.of())) {
            String normal = TokenServiceConfig.normalOrigin(o); // as browsers send it: lower case, no slash
            if (normal == null) {
                n.error("allowed-origins", "'" + o + "' is not an origin like https://example.com or http://localhost:3000");
            } else if (!origins.contains(normal)) {
                origins.add(normal);
            }
        }
        int maxHandshake = n.size("max-handshake-bytes", 8192, 1024, 65536);
        Duration handshakeTimeout = n.duration("handshake-timeout", Duration.ofSeconds(5),
                Duration.ofMillis(100), Duration.ofMinutes(1));
        int maxMessage = n.size("max-message-bytes", 65535, 1024, 1 << 20);
        Duration ping = n.duration("ping-interval", Duration.ofSeconds(30), Duration.ofSeconds(1), Duration.ofHours(1));
        Duration idle = n.duration("idle-timeout", Duration.ofSeconds(90), Duration.ofSeconds(2), Duration.ofHours(2));
        if (idle.compareTo(ping) <= 0) {
            n.error("idle-timeout", "must be longer than ping-interval (" + ping + "), or pings cannot keep a connection");
        }
        TlsConfig tls = secure ? TlsConfig.read(n.section("tls")) : null;
        n.rejectUnknownKeys();
        return new WebSocketListenerConfig(enabled, host, port, path, origins, maxHandshake, handshakeTimeout,
                maxMessage, ping, idle, tls);
    }
}
