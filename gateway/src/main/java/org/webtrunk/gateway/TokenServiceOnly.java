package org.webtrunk.gateway;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.webtrunk.auth.EphemeralConfig;
import org.webtrunk.gateway.config.AuthConfig;
import org.webtrunk.gateway.config.GatewayConfig;
import org.webtrunk.gateway.config.WebSocketListenerConfig;
import org.webtrunk.gateway.token.TokenHttpHandler;
import org.webtrunk.gateway.token.TokenServer;

/**
 * {@code run.sh --token-service-only}: the token service alone, so it can run on another host than the gateways.
 * It reads the same config file and binds plain HTTP on the {@code listeners.ws} host and port (no SIP, no
 * WebSocket); it shares only the gateway secret ({@code auth.secrets}) with the gateways, whose passwords it mints,
 * and the tenants' secrets ({@code token-service.tenants}), which the gateways never need. Put TLS in front of it.
 */
final class TokenServiceOnly {
    private static final Logger log = LoggerFactory.getLogger(TokenServiceOnly.class);

    private TokenServiceOnly() {
    }

    /**
     * Starts the service on the WS listener's address.
     *
     * @throws IllegalStateException when the token service or the WS listener is disabled, or the port is taken
     */
    static TokenServer start(GatewayConfig config, Clock clock) {
        if (!config.tokenService().enabled()) {
            throw new IllegalStateException("token-service.enabled is false: nothing to run");
        }
        WebSocketListenerConfig ws = config.listeners().ws();
        if (!ws.enabled()) {
            throw new IllegalStateException("--token-service-only binds listeners.ws's host and port; enable it");
        }
        AuthConfig auth = config.auth();
        if (auth.usingDevSecret()) {
            log.warn("*** USING THE BUILT-IN DEVELOPMENT GATEWAY SECRET: anyone can mint the credentials minted here; never "
                    + "expose it. Set {} or auth.secrets. ***", AuthConfig.SECRET_ENV);
        }
        TokenHttpHandler handler = new TokenHttpHandler(config.tokenService(),
                new EphemeralConfig(auth.secrets(), auth.hmac(), auth.usernameFormat()),
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), clock);
        TokenServer server = new TokenServer(ws.host(), ws.port(), handler);
        server.start();
        return server;
    }
}
