package org.webtrunk.gateway.dialog;

import java.net.InetSocketAddress;

/**
 * Told where a trunk's answer over TLS sends the dialog's requests (its first Record-Route entry beyond us, or
 * its Contact), when that answer came from a trunk target: requests there should be checked as that trunk's
 * targets are.
 */
@FunctionalInterface
public interface TlsContactListener {
    TlsContactListener NONE = (target, host, port) -> { };

    void contactOverTls(InetSocketAddress trunkTarget, String host, int port);
}
