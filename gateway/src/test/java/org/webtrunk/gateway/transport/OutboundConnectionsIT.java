package org.webtrunk.gateway.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.webtrunk.gateway.config.TrunkTlsConfig;
import org.webtrunk.gateway.testsupport.TestCertificates;

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
            acceptInBackground(trunk, accepted::add);
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

    /**
     * A trunk that ends a TLS connection with close_notify and then waits for ours before closing TCP (as stunnel
     * does; TLS 1.3 lets the other side go on writing) gets ours, and the connection closed: the next request to
     * the trunk opens a new one instead of being written into the finished connection and lost.
     */
    @Test
    void aTrunksCloseNotifyClosesTheConnection() throws Exception {
        TestCertificates.Identity cert =
                TestCertificates.selfSigned(tmp.resolve("certs"), "trunk", "trunk.webtrunk.test");
        TransportMetrics metrics = new TransportMetrics(new SimpleMeterRegistry());
        List<Accepted> accepted = new CopyOnWriteArrayList<>();
        SSLSocketFactory tls = serverContext(cert).getSocketFactory();
        try (ServerSocket trunk = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), trunk.getLocalPort());
            TrunkTlsConfig trunkTls = new TrunkTlsConfig(cert.certificate(), "trunk.webtrunk.test", null, null, null,
                    TrunkTlsConfig.CRL_CHECK_INTERVAL);
            Listeners listeners = new Listeners(TestConfigs.all(tmp.resolve("tls"), List.of(), Duration.ofSeconds(2)),
                    TrunkTlsClients.build(
                            List.of(new TrunkTlsClients.Target("carrier", address, "127.0.0.1", trunkTls))),
                    new FlowRegistry(1000, metrics), metrics, p -> { }, 1);
            acceptInBackground(trunk, tcp -> {
                tcp.setSoTimeout(5000);
                // TLS over the accepted socket, which closing TLS leaves open (autoClose false): the test can
                // then see whether the gateway closes TCP itself
                SSLSocket s = (SSLSocket) tls.createSocket(tcp, "127.0.0.1", tcp.getPort(), false);
                s.setUseClientMode(false);
                s.startHandshake();
                accepted.add(new Accepted(tcp, s));
            });
            try {
                listeners.start();
                Flow first = listeners.flowTo(Transport.TLS, address).toCompletableFuture().get(5, TimeUnit.SECONDS);
                awaitAccepted(accepted, 1);
                Accepted connection = accepted.get(0);
                TlsTestClients.closeNotifyAndAwaitClose(connection.tls(), connection.tcp());

                Flow next = first;
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                while (next == first && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                    next = listeners.flowTo(Transport.TLS, address).toCompletableFuture().get(5, TimeUnit.SECONDS);
                }
                assertNotSame(first, next, "the finished connection is not used again");
                awaitAccepted(accepted, 2);
            } finally {
                listeners.close();
                for (Accepted a : accepted) {
                    a.tcp().close();
                }
            }
        }
    }

    private record Accepted(Socket tcp, SSLSocket tls) {
    }

    private interface OnAccept {
        void accepted(Socket socket) throws java.io.IOException;
    }

    /** Accepts on {@code trunk} until it is closed, on a daemon thread. */
    private static void acceptInBackground(ServerSocket trunk, OnAccept onAccept) {
        Thread acceptor = new Thread(() -> {
            try {
                while (true) {
                    onAccept.accepted(trunk.accept());
                }
            } catch (java.io.IOException closed) {
                // the test is over
            }
        }, "test-trunk-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private static void awaitAccepted(List<Accepted> accepted, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (accepted.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(count, accepted.size(), "connections the trunk accepted");
    }

    private static SSLContext serverContext(TestCertificates.Identity cert) throws Exception {
        SelfSignedCertificates.KeyAndChain kc = SelfSignedCertificates.read(cert.certificate(), cert.privateKey());
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("trunk", kc.key(), new char[0], kc.chain());
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, new char[0]);
        SSLContext context = SSLContext.getInstance("TLSv1.3");
        context.init(keys.getKeyManagers(), null, null);
        return context;
    }
}
