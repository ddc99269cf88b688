package org.webtrunk.gateway.config;

import java.time.Duration;

/**
 * A plain SIP listener over UDP, TCP or TLS (RFC 3261 §18), for trunks and load testers.
 *
 * @param enabled         whether to listen at all
 * @param host            address to bind
 * @param port            port to bind (0 picks a free one, for tests)
 * @param maxMessageBytes bound on one message; a stream that announces more is answered 513 and closed.
 *                        UDP datagrams are bounded by 65,535 bytes anyway.
 * @param idleTimeout     a TCP/TLS connection silent for this long is closed (CRLF keep-alives count)
 * @param tls             certificate for TLS; null otherwise
 * @param threads         UDP only: how many I/O threads read and answer the socket (default 1; more are capped at
 *                        the I/O threads, one per core). More answer sooner when a busy process shares the
 *                        cores and use more than one core for UDP, at 2-35 % more CPU per message here
 *                        (docs/benchmarks-history.md, stops 16-17, 28). 1 for TCP and TLS, whose connections are
 *                        spread anyway.
 */
public record SipListenerConfig(
        boolean enabled, String host, int port, int maxMessageBytes, Duration idleTimeout, TlsConfig tls,
        int threads) {

    /** Bound on {@code threads}; more than the I/O threads are capped at start. */
    public static final int MAX_UDP_THREADS = 64;

    public SipListenerConfig(boolean enabled, String host, int port, int maxMessageBytes, Duration idleTimeout,
                             TlsConfig tls) {
        this(enabled, host, port, maxMessageBytes, idleTimeout, tls, 1);
    }

    /** TCP ({@code secure} false) or TLS. */
    static SipListenerConfig read(ConfigNode n, int defaultPort, boolean secure) {
        return read(n, defaultPort, secure, false);
    }

    /** The UDP listener: as TCP, plus {@code threads}. */
    static SipListenerConfig readUdp(ConfigNode n, int defaultPort) {
        return read(n, defaultPort, false, true);
    }

    private static SipListenerConfig read(ConfigNode n, int defaultPort, boolean secure, boolean udp) {
        boolean enabled = n.bool("enabled", true);
        String host = n.string("host", "127.0.0.1");
        int port = n.port("port", defaultPort);
        int maxMessage = n.size("max-message-bytes", 65535, 1024, 65535);
        Duration idle = n.duration("idle-timeout", Duration.ofMinutes(10), Duration.ofSeconds(5), Duration.ofDays(1));
        TlsConfig tls = secure ? TlsConfig.read(n.section("tls")) : null;
        int threads = udp ? n.integer("threads", 1, 1, MAX_UDP_THREADS) : 1;
        n.rejectUnknownKeys();
        return new SipListenerConfig(enabled, host, port, maxMessage, idle, tls, threads);
    }
}
