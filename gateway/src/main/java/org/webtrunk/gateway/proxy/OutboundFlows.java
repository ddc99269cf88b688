package org.webtrunk.gateway.proxy;

import java.net.InetSocketAddress;
import java.util.concurrent.CompletionStage;
import org.webtrunk.gateway.transport.Flow;
import org.webtrunk.gateway.transport.Transport;

/**
 * Gives the proxy a flow to send a request on: for UDP the gateway's listening socket with the remote
 * address (so responses come back to the port in our Via), for TCP/TLS an existing or new connection.
 * Implemented by the transport layer.
 */
public interface OutboundFlows {
    /** Completes with an open flow, or exceptionally when it cannot be had (connection refused, ...). */
    CompletionStage<Flow> flowTo(Transport transport, InetSocketAddress remote);
}
