package org.webtrunk.gateway.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Connections the gateway opens to a trunk over real loopback TCP. */
class OutboundConnectionsIT {
    @TempDir
    Path tmp;

    /**
     * A trunk target configured by host name and an in-dialog request to the IP its Contact names reach one
     * address: they share one connection, as RFC 3261 §18.1.1 and the trunk's own connection limits expect.
     */
    @Test
    void aNamedAddressAndItsIpShareOneConnection() throws Exception {
        TransportMetrics metrics = new TransportMetrics(new SimpleMeterRegistry());
        Listeners listeners = new Listeners(TestConfigs.all(tmp.resolve("tls"), List.of(), Duration.ofSeconds(2)),
                new FlowRegistry(1000, metrics), metrics, p -> { }, 1);
        List<Socket> accepted = new CopyOnWriteArrayList<>();
        try (ServerSocket trunk = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        accepted.add(trunk.accept());
                    }
                } catch (java.io.IOException closed) {
                    // the test is over
                }
            }, "test-trunk-accept");
            acceptor.setDaemon(true);
            acceptor.start();
            listeners.start();
            byte[] loopback = {127, 0, 0, 1};
            InetSocketAddress byName = new InetSocketAddress(InetAddress.getByAddress("sbc.trunk.test", loopback),
                    trunk.getLocalPort());
            InetSocketAddress byIp = new InetSocketAddress(InetAddress.getByAddress(loopback), trunk.getLocalPort());

            Flow first = listeners.flowTo(Transport.TCP, byName).toCompletableFuture().get(5, TimeUnit.SECONDS);
            Flow second = listeners.flowTo(Transport.TCP, byIp).toCompletableFuture().get(5, TimeUnit.SECONDS);

            assertSame(first, second);
            Thread.sleep(200); // a second connect, were there one, would be accepted by now
            assertEquals(1, accepted.size(), "connections the trunk accepted");
        } finally {
            listeners.close();
            for (Socket s : accepted) {
                s.close();
            }
        }
    }
}
