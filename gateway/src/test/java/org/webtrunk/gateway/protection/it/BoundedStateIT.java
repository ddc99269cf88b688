package org.webtrunk.gateway.protection.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.webtrunk.gateway.testsupport.FreePorts;
import org.webtrunk.gateway.testsupport.RunningGateway;
import org.webtrunk.gateway.transport.Transport;

/**
 * Memory stays bounded under a flood of distinct sources. Spoofing needs raw sockets, so the sources are up to
 * 20,000 real loopback addresses (127.1.0.1 ...), one OPTIONS each, against {@code max-tracked-addresses: 1000} and
 * a one-minute flood window (without the bound every source would stay in the table): the flood table, read from
 * {@code /metrics}, stays at its bound (Caffeine trims it asynchronously, so a scrape may catch a few entries
 * over), every source beyond the bound shows up as an eviction, no source is banned, and the gateway keeps
 * answering.
 *
 * <p>The sender keeps at most {@value #IN_FLIGHT} datagrams ahead of what the gateway has read (its
 * {@code webtrunk_sip_messages_total}), so a busy machine slows the test down instead of the kernel silently
 * dropping the sources; the run is bounded by {@link #MAX_SEND}.
 */
class BoundedStateIT {
    private static final int SOURCES = 20_000;
    private static final int CAP = 1000;
    private static final int IN_FLIGHT = 100;
    private static final Duration MAX_SEND = Duration.ofSeconds(35);

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
        long deadline = System.nanoTime() + MAX_SEND.toNanos();
        int sent = 0;
        while (sent < SOURCES && System.nanoTime() < deadline) {
            InetAddress source = InetAddress.getByAddress(
                    new byte[] {127, 1, (byte) (sent / 250), (byte) (sent % 250 + 1)});
            try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(source, 0))) {
                byte[] req = EdgeTestSupport.options((InetSocketAddress) s.getLocalSocketAddress(), udpPort,
                        "src" + sent);
                s.send(new DatagramPacket(req, req.length, gw));
            }
            sent++;
            if (sent % IN_FLIGHT == 0) {
                awaitReceived(sent - IN_FLIGHT, deadline);
            }
            if (sent % 2000 == 0) {
                largest = Math.max(largest, tracked());
            }
        }
        awaitReceived(sent, System.nanoTime() + 2_000_000_000L);
        largest = Math.max(largest, tracked());
        double evicted = EdgeTestSupport.metric(gateway, "webtrunk_protection_evictions_total", "table=\"flood\"");
        double received = received();
        System.out.printf("BoundedStateIT: %d sources sent, %.0f received, flood table at most %.0f (cap %d), "
                + "%.0f evicted%n", sent, received, largest, CAP, evicted);

        assertTrue(received > 5 * CAP, "enough sources reached the gateway to overflow the table: " + received);
        assertTrue(largest <= CAP + CAP / 100, "the flood table held " + largest + " addresses, bound " + CAP);
        assertTrue(largest >= CAP * 0.9, "the table was filled to about its bound: " + largest);
        assertTrue(evicted >= received - CAP, "every source beyond the bound was evicted: " + evicted);
        assertEquals(0.0, EdgeTestSupport.metric(gateway, "webtrunk_protection_bans_total", ""),
                "one datagram per source bans nobody");
        assertEquals("SIP/2.0 200 OK", EdgeTestSupport.udpOptionsStatus("127.0.0.2", udpPort, Duration.ofSeconds(3)));
    }

    /** Waits (bounded by {@code deadline}) until the gateway has read at least {@code count} messages. */
    private void awaitReceived(int count, long deadline) throws InterruptedException {
        while (received() < count && System.nanoTime() < deadline) {
            Thread.sleep(2);
        }
    }

    private double received() {
        return gateway.metric("webtrunk_sip_messages_total", "direction=\"in\"");
    }

    private double tracked() throws Exception {
        return EdgeTestSupport.metric(gateway, "webtrunk_protection_tracked_addresses", "table=\"flood\"");
    }
}
