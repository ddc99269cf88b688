package org.webtrunk.gateway;

import io.netty.channel.ChannelPipeline;
import org.webtrunk.gateway.protection.ConnectionLimitHandler;
import org.webtrunk.gateway.protection.EdgeProtection;
import org.webtrunk.gateway.sip.SipChannelHandlers;
import org.webtrunk.gateway.sip.SipHandlerNames;
import org.webtrunk.gateway.token.TokenHttpHandler;
import org.webtrunk.gateway.transport.ListenerStages;
import org.webtrunk.gateway.transport.Transport;

/**
 * The gateway's handlers around each listener's transport handlers:
 * bans and connection limits at accept, the token service on the WebSocket listeners' HTTP path, and
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

    private final SipChannelHandlers sip;
    private final EdgeProtection protection;
    private final ProxyStage proxy;
    private final TokenHttpHandler tokens;
    private final ConnectionLimitHandler streamLimit;
    private final ConnectionLimitHandler webSocketLimit;

    /** @param tokens the token service handler, or null when it is off */
    GatewayStages(SipChannelHandlers sip, EdgeProtection protection, ProxyStage proxy, TokenHttpHandler tokens) {
        this.sip = sip;
        this.protection = protection;
        this.proxy = proxy;
        this.tokens = tokens;
        this.streamLimit = protection.connectionLimitHandler(false, ConnectionLimitHandler.Refusal.CLOSE);
        this.webSocketLimit = protection.connectionLimitHandler(true, ConnectionLimitHandler.Refusal.CLOSE);
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
        p.addLast(CONNECTION_LIMIT, transport.webSocket() ? webSocketLimit : streamLimit);
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
    }

    @Override
    public void addAfterUpgrade(ChannelPipeline p) {
        p.addLast(HANDSHAKE_LIMIT, webSocketLimit.handshakeListener());
    }
}
