package org.webtrunk.gateway.protection.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.webtrunk.gateway.testsupport.FreePorts;
import org.webtrunk.gateway.testsupport.RunningGateway;
import org.webtrunk.gateway.transport.Transport;

/**
 * Memory stays bounded under a flood of distinct sources. Spoofing needs raw sockets, so the sources are 20,000
 * real loopback addresses (127.1.0.1 ...), a couple of datagrams each, against {@code max-tracked-addresses: 1000}
 * and a one-minute flood window (without the bound every source would stay in the table): the flood table, read
 * from {@code /metrics}, never holds more than the bound, the overflow shows up as evictions, no source is banned
 * and the gateway keeps answering.
 */
class BoundedStateIT {
    private static final int SOURCES = 20_000;
    private static final int CAP = 1000;
    private static final int PER_SECOND = 10_000;

    @TempDir
    Path tmp;
    private RunningGateway gateway;

    @BeforeEach
    void start() {
        gateway = RunningGateway.start(tmp, EdgeTestSupport.config("127.0.0.3", FreePorts.tcpAndUdp(), """
                  max-tracked-addresses: %d
                  flood: {window: 60s, max-requests: 400}
                """.formatted(CAP)));
    }

    @AfterEach
    void stop() {
        gateway.close();
    }

    @Test
    void floodTableStaysAtItsBoundUnderManyDistinctSources() throws Exception {
        int udpPort = gateway.port(Transport.UDP);
        InetSocketAddress gw = new InetSocketAddress("127.0.0.1", udpPort);
        double largest = 0;
        long t0 = System.nanoTime();
        for (int i = 0; i < SOURCES; i++) {
            InetAddress source = InetAddress.getByAddress(new byte[] {127, 1, (byte) (i / 250), (byte) (i % 250 + 1)});
            try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(source, 0))) {
                byte[] req = EdgeTestSupport.options((InetSocketAddress) s.getLocalSocketAddress(), udpPort, "src" + i);
                for (int copy = 0; copy < 2; copy++) {
                    s.send(new DatagramPacket(req, req.length, gw)); // the copy is a retransmission
                }
            }
            long due = t0 + (long) (i + 1) * 2 * 1_000_000_000L / PER_SECOND;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            if (i % 2000 == 1999) {
                largest = Math.max(largest, tracked());
            }
        }
        Thread.sleep(500); // let the gateway drain its socket buffer
        largest = Math.max(largest, tracked());
        double evicted = EdgeTestSupport.metric(gateway, "webtrunk_protection_evictions_total", "table=\"flood\"");
        // What reached the gateway (the kernel drops datagrams when its socket buffer is full): every source seen
        // sent one or two of these, so at least half as many sources as messages were seen.
        double received = EdgeTestSupport.metric(gateway, "webtrunk_sip_messages_total", "direction=\"in\"");
        System.out.printf("BoundedStateIT: %d sources, %.0f datagrams received, flood table at most %.0f (cap %d), "
                + "%.0f evicted%n", SOURCES, received, largest, CAP, evicted);

        assertTrue(largest <= CAP, "the flood table held " + largest + " addresses, more than " + CAP);
        assertTrue(largest >= CAP * 0.9, "the table was filled to about its bound: " + largest);
        assertTrue(received / 2 > 5 * CAP, "enough sources reached the gateway to overflow the table: " + received);
        assertTrue(evicted >= received / 2 - CAP, "the overflow was evicted: " + evicted);
        assertEquals(0.0, EdgeTestSupport.metric(gateway, "webtrunk_protection_bans_total", ""),
                "a couple of datagrams per source bans nobody");
        assertEquals("SIP/2.0 200 OK", EdgeTestSupport.udpOptionsStatus("127.0.0.2", udpPort, Duration.ofSeconds(3)));
    }

    private double tracked() throws Exception {
        return EdgeTestSupport.metric(gateway, "webtrunk_protection_tracked_addresses", "table=\"flood\"");
    }
}
