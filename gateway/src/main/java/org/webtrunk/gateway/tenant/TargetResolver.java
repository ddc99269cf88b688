package org.webtrunk.gateway.tenant;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import org.webtrunk.gateway.transport.Transport;

/**
 * Turns a trunk target's host into a socket address. Behind an interface so that DNS NAPTR/SRV
 * (RFC 3263 §4) can come later without touching the selector.
 */
@FunctionalInterface
public interface TargetResolver {

    /**
     * @throws UnknownHostException when the host does not resolve
     */
    InetSocketAddress resolve(String host, int port, Transport transport) throws UnknownHostException;

    /**
     * Resolves A/AAAA once through the system resolver. IP literals need no lookup: {@link InetAddress#getByName}
     * only checks their format.
     */
    static TargetResolver system() {
        return (host, port, transport) -> new InetSocketAddress(InetAddress.getByName(host), port);
    }
}
