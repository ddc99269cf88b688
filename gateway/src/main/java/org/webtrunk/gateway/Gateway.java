package org.webtrunk.gateway;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.webtrunk.gateway.admin.AdminServer;
import org.webtrunk.gateway.config.GatewayConfig;
import org.webtrunk.gateway.sip.SipChannelHandlers;
import org.webtrunk.gateway.transport.FlowRegistry;
import org.webtrunk.gateway.transport.Listeners;
import org.webtrunk.gateway.transport.Transport;
import org.webtrunk.gateway.transport.TransportMetrics;

/**
 * Wires the gateway's parts from one validated config: listeners → SIP stage, and the admin listener.
 * No singletons: everything is built here and passed down through constructors.
 */
public final class Gateway implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Gateway.class);

    private final GatewayConfig config;
    private final PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final FlowRegistry flows;
    private final Listeners listeners;
    private final AdminServer admin;

    public Gateway(GatewayConfig config) {
        this.config = config;
        TransportMetrics transportMetrics = new TransportMetrics(metrics);
        this.flows = new FlowRegistry(config.listeners().maxConnections(), transportMetrics);
        SipChannelHandlers sip = new SipChannelHandlers(config.sip(), metrics);
        this.listeners = new Listeners(config.listeners(), flows, transportMetrics, sip::addTo);
        this.admin = config.admin().enabled() ? new AdminServer(config.admin(), metrics) : null;
    }

    /** Binds every listener; on failure closes what was bound and throws naming the listener. */
    public void start() {
        listeners.start();
        try {
            if (admin != null) {
                admin.start();
            }
        } catch (RuntimeException e) {
            listeners.close();
            throw e;
        }
        log.info("WebTrunk started: {}", describeListeners());
    }

    private String describeListeners() {
        StringBuilder b = new StringBuilder();
        for (Transport t : Transport.values()) {
            int port = listeners.port(t);
            if (port > 0) {
                b.append(t).append(' ').append(listeners.address(t)).append("  ");
            }
        }
        if (admin != null) {
            b.append("admin ").append(config.admin().host()).append(':').append(admin.port());
        }
        return b.toString();
    }

    /** The bound port of a listener (useful when the config asked for port 0), or -1. */
    public int port(Transport transport) {
        return listeners.port(transport);
    }

    public int adminPort() {
        return admin == null ? -1 : admin.port();
    }

    public PrometheusMeterRegistry metrics() {
        return metrics;
    }

    @Override
    public void close() {
        listeners.close();
        if (admin != null) {
            admin.close();
        }
    }
}
