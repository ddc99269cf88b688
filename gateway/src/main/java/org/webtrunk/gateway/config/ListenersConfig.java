package org.webtrunk.gateway.config;

/**
 * All public listeners. Defaults bind 127.0.0.1 only: going public is an explicit choice.
 * {@code maxConnections} bounds the table of open TCP/TLS/WS/WSS connections (each costs memory);
 * a connection beyond it is closed at accept and counted.
 */
public record ListenersConfig(
        WebSocketListenerConfig ws,
        WebSocketListenerConfig wss,
        SipListenerConfig udp,
        SipListenerConfig tcp,
        SipListenerConfig tls,
        int maxConnections) {

    static ListenersConfig read(ConfigNode n) {
        ListenersConfig c = new ListenersConfig(
                WebSocketListenerConfig.read(n.section("ws"), 8080, false),
                WebSocketListenerConfig.read(n.section("wss"), 8443, true),
                SipListenerConfig.readUdp(n.section("udp"), 5060),
                SipListenerConfig.read(n.section("tcp"), 5060, false),
                SipListenerConfig.read(n.section("tls"), 5061, true),
                n.integer("max-connections", 10_000, 1, 1_000_000));
        n.rejectUnknownKeys();
        return c;
    }
}
