package org.webtrunk.gateway;

import io.netty.channel.ChannelPipeline;
import org.webtrunk.gateway.protection.ConnectionLimitHandler;
import org.webtrunk.gateway.protection.EdgeProtection;
import org.webtrunk.gateway.sip.SipChannelHandlers;
import org.webtrunk.gateway.sip.SipHandlerNames;
import org.webtrunk.gateway.token.TokenHttpHandler;
import org.webtrunk.gateway.transport.ListenerStages;
import org.webtrunk.gateway.transport.Transport;
import org.webtrunk.gateway.web.DemoHttpHandler;

/**
 * The gateway's handlers around each listener's transport handlers:
 * bans and connection limits at accept, the token service and the demo page on the WebSocket listeners' HTTP path, and
 * the SIP stage {@code decoder → protection → sanity → proxy → reply writer}.
 */
final class GatewayStages implements ListenerStages {
    static final String PROTECTION = "sipProtection";
    static final String PROXY = "sipProxy";
    static final String BAN_FILTER = "ban-filter";
    static final String CONNECTION_LIMIT = "connection-limit";
    static final String HANDSHAKE_LIMIT = "handshake-limit";
    static final String DATAGRAM_GUARD = "datagram-guard";
    static final String TOKEN_SERVICE = "token-service";
    static final String DEMO_PAGE = "demo-page";

    private final SipChannelHandlers sip;
    private final EdgeProtection protection;
    private final ProxyStage proxy;
    private final TokenHttpHandler tokens;
    private final DemoHttpHandler demo;
    private final ConnectionLimitHandler streamLimit;
    private final ConnectionLimitHandler webSocketLimit;
    private final ConnectionLimitHandler secureWebSocketLimit;

    /**
     * @param tokens the token service handler, or null when it is off
     * @param demo   the demo page handler (it answers 404 itself when the demo is off), or null
     */
    GatewayStages(SipChannelHandlers sip, EdgeProtection protection, ProxyStage proxy, TokenHttpHandler tokens,
                  DemoHttpHandler demo) {
        this.sip = sip;
        this.protection = protection;
        this.proxy = proxy;
        this.tokens = tokens;
        this.demo = demo;
        this.streamLimit = protection.connectionLimitHandler(false, ConnectionLimitHandler.Refusal.CLOSE);
        // Plain WS is refused with a readable HTTP 503 + Retry-After; on WSS the guard sits before TLS, where an
        // answer would be garbage to the client, so it just closes.
        this.webSocketLimit = protection.connectionLimitHandler(true, ConnectionLimitHandler.Refusal.HTTP_503);
        this.secureWebSocketLimit = protection.connectionLimitHandler(true, ConnectionLimitHandler.Refusal.CLOSE);
    }

    @Override
    public void addSipStage(ChannelPipeline p) {
        sip.addTo(p);
        p.addAfter(SipHandlerNames.DECODER, PROTECTION, protection.sipHandler());
        p.replace(SipHandlerNames.LOCAL, PROXY, proxy);
    }

    @Override
    public void addAcceptGuards(ChannelPipeline p, Transport transport) {
        p.addLast(BAN_FILTER, protection.bannedAddressFilter());
        p.addLast(CONNECTION_LIMIT, switch (transport) {
            case WS -> webSocketLimit;
            case WSS -> secureWebSocketLimit;
            default -> streamLimit;
        });
    }

    @Override
    public void addDatagramGuards(ChannelPipeline p) {
        p.addLast(DATAGRAM_GUARD, protection.datagramGuard());
    }

    @Override
    public void addHttpRoutes(ChannelPipeline p, Transport transport) {
        if (tokens != null) {
            p.addLast(TOKEN_SERVICE, tokens);
        }
        if (demo != null) {
            p.addLast(DEMO_PAGE, demo);
        }
    }

    @Override
    public void addAfterUpgrade(ChannelPipeline p) {
        p.addLast(HANDSHAKE_LIMIT, webSocketLimit.handshakeListener());
    }
}
