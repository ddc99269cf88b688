package org.webtrunk.gateway.transport;

/**
 * Every pipeline handler name in one place, so the order tests and later stages (which may insert
 * handlers before or after ours) agree on them.
 */
public final class ChannelHandlerNames {
    /** TLS for TLS and WSS listeners: always first, so nothing reads plaintext from a TLS socket. */
    public static final String TLS = "tls";
    /** Closes a TLS connection when the peer's close_notify arrives. */
    public static final String TLS_CLOSE = "tls-close";
    /** Closes a connection that has been silent too long (TCP/TLS), or raises the WebSocket ping/idle events. */
    public static final String IDLE = "idle";
    /** Content-Length framing for TCP and TLS (RFC 3261 §18.3). */
    public static final String SIP_STREAM_FRAMER = "sip-stream-framer";
    /** One SIP message per UDP datagram (RFC 3261 §18.1). */
    public static final String SIP_DATAGRAM_DECODER = "sip-datagram-decoder";
    public static final String HTTP_CODEC = "http-codec";
    public static final String HTTP_AGGREGATOR = "http-aggregator";
    /** Method, path, Origin, upgrade headers and the {@code sip} subprotocol, checked before the upgrade. */
    public static final String WS_UPGRADE_GUARD = "ws-upgrade-guard";
    /** Counts the WebSocket close codes the server sends. */
    public static final String WS_CLOSE_COUNTER = "ws-close-counter";
    /** Text frames must be UTF-8 (RFC 6455 §8.1): Netty's validator behind an all-ASCII fast path. */
    public static final String WS_UTF8_VALIDATOR = "ws-utf8-validator";
    /** Netty's upgrade and control-frame handler (it adds its own handshake handler). */
    public static final String WS_PROTOCOL = "ws-protocol";
    /** Closes a connection that has not upgraded in time (slowloris). */
    public static final String WS_HANDSHAKE_TIMEOUT = "ws-handshake-timeout";
    /** Reassembles fragmented WebSocket messages, bounded. */
    public static final String WS_AGGREGATOR = "ws-aggregator";
    /** Server pings and idle close. */
    public static final String WS_KEEPALIVE = "ws-keepalive";
    /** One SIP message per WebSocket message (RFC 7118 §5.2). */
    public static final String WS_TO_SIP = "ws-to-sip";
    /** Always last: logs and closes, never writes an error to the peer. */
    public static final String EXCEPTION = "exception";

    private ChannelHandlerNames() {
    }
}
