package org.webtrunk.gateway.token;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/** The rate-limit key of a peer: its IPv4 address, or its IPv6 /64 (one host usually owns a whole /64). */
final class SourceAddresses {
    private static final int IPV6_PREFIX_BYTES = 8;

    private SourceAddresses() {
    }

    static String key(SocketAddress remote) {
        if (!(remote instanceof InetSocketAddress)) {
            return String.valueOf(remote);
        }
        InetAddress a = ((InetSocketAddress) remote).getAddress();
        if (a == null) {
            return ((InetSocketAddress) remote).getHostString();
        }
        if (a instanceof Inet6Address) {
            byte[] b = a.getAddress();
            StringBuilder s = new StringBuilder(24);
            for (int i = 0; i < IPV6_PREFIX_BYTES; i += 2) {
                s.append(Integer.toHexString(((b[i] & 0xff) << 8) | (b[i + 1] & 0xff))).append(':');
            }
            return s.append(":/64").toString();
        }
        return a.getHostAddress();
    }
}
