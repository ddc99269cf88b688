package org.webtrunk.gateway.transport;

import io.netty.channel.unix.DomainSocketAddress;
import io.netty.channel.unix.Socket;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * More descriptors of one bound UDP socket, so several event loops can read and answer it (see
 * {@link UdpReaders}).
 *
 * <p>Java has no dup(2), so the descriptor is passed to ourselves over a Unix socket (SCM_RIGHTS),
 * which the kernel answers with a new descriptor of the same socket.
 */
final class UdpSocketDuplicates {
    private UdpSocketDuplicates() {
    }

    /** A new descriptor of the socket {@code fd}; the caller closes it. */
    static int duplicate(int fd) throws IOException {
        Path dir = Files.createTempDirectory("webtrunk-udp"); // owner-only, so nobody else can connect
        Path path = dir.resolve("fd");
        DomainSocketAddress address = new DomainSocketAddress(path.toFile());
        Socket server = Socket.newSocketDomain();
        Socket client = null;
        Socket accepted = null;
        try {
            server.bind(address);
            server.listen(1);
            client = Socket.newSocketDomain();
            if (!client.connect(address)) {
                throw new IOException("could not connect to " + path);
            }
            int acceptedFd = server.accept(new byte[26]);
            if (acceptedFd < 0) {
                throw new IOException("no connection to accept on " + path);
            }
            accepted = new Socket(acceptedFd);
            client.sendFd(fd);
            int copy = accepted.recvFd();
            if (copy <= 0) {
                throw new IOException("no descriptor received on " + path);
            }
            return copy;
        } finally {
            closeQuietly(accepted);
            closeQuietly(client);
            closeQuietly(server);
            Files.deleteIfExists(path);
            Files.deleteIfExists(dir);
        }
    }

    private static void closeQuietly(Socket socket) {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // a local socket we made and are done with: nothing to recover
            }
        }
    }
}
