package org.webtrunk.gateway.config;

/**
 * The admin HTTP listener: {@code /health}, {@code /metrics} (Prometheus text) and the operational tables.
 * It has no authentication, so it must stay on loopback or a management network.
 */
public record AdminConfig(boolean enabled, String host, int port) {
    static AdminConfig read(ConfigNode n) {
        AdminConfig c = new AdminConfig(n.bool("enabled", true), n.string("host", "127.0.0.1"), n.port("port", 9090));
        n.rejectUnknownKeys();
        return c;
    }
}
