package org.webtrunk.gateway.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/**
 * Free ports on 127.0.0.1 for real peers in integration tests. A port is free when both a TCP
 * server socket and a UDP socket can bind it (SIP listens on both with one number, RFC 3261
 * section 18). All requested ports are held until every one is found, so they are distinct.
 * Another process may still take a port between this probe and its use; loopback ephemeral
 * allocation makes that rare.
 */
public final class FreePorts {

    private static final int ATTEMPTS = 50;

    private FreePorts() {
    }

    /** One port free for both TCP and UDP on 127.0.0.1. */
    public static int tcpAndUdp() {
        return distinct(1).get(0);
    }

    /** {@code count} distinct ports, each free for both TCP and UDP on 127.0.0.1. */
    public static List<Integer> distinct(int count) {
        List<AutoCloseable> held = new ArrayList<>();
        List<Integer> ports = new ArrayList<>();
        try {
            for (int attempt = 0; ports.size() < count && attempt < ATTEMPTS * count; attempt++) {
                ServerSocket tcp = new ServerSocket();
                tcp.setReuseAddress(false);
                tcp.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                held.add(tcp);
                int port = tcp.getLocalPort();
                try {
                    held.add(new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port)));
                    ports.add(port);
                } catch (IOException udpTaken) {
                    // Try another number; keep the TCP socket so it is not offered again.
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot probe free ports on 127.0.0.1", e);
        } finally {
            for (AutoCloseable socket : held) {
                try {
                    socket.close();
                } catch (Exception ignored) {
                    // Closing a probe socket cannot fail in a way that matters here.
                }
            }
        }
        if (ports.size() < count) {
            throw new IllegalStateException("found only " + ports.size() + " of " + count + " free ports");
        }
        return List.copyOf(ports);
    }
}
