package org.webtrunk.gateway.proxy;

import java.util.Optional;
import org.webtrunk.gateway.transport.Flow;

/**
 * Names connection flows in URIs (RFC 5626 §5.2 style flow tokens), so that a request from the trunk
 * can find the browser's WebSocket from the {@code ft} parameter of our Record-Route entry.
 * {@code transport.FlowRegistry} has exactly these two methods.
 */
public interface FlowTokens {
    /** Token of an open connection flow; empty for UDP or closed flows. */
    Optional<String> tokenOf(Flow flow);

    /** The open flow a token names; empty when unknown or closed. */
    Optional<Flow> byToken(String token);
}
