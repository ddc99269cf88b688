package org.webtrunk.gateway.protection.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.webtrunk.gateway.testsupport.FreePorts;
import org.webtrunk.gateway.testsupport.RunningGateway;
import org.webtrunk.gateway.transport.Transport;

/**
 * Connection limits at accept: one address gets at most {@code connections-per-address} WebSockets (the next is
 * refused with HTTP 503 and Retry-After, others are unaffected, and a closed connection frees its slot); a
 * slowloris that drips its upgrade request is closed at the handshake timeout (2 s in the test listener) and
 * never keeps a normal client from being served.
 */
class ConnectionLimitsIT {
    private static final Duration READ = Duration.ofSeconds(5);

    @TempDir
    Path tmp;
    private RunningGateway gateway;
    private int wsPort;

    @BeforeEach
    void start() {
        gateway = RunningGateway.start(tmp, EdgeTestSupport.config("127.0.0.3", FreePorts.tcpAndUdp(), """
                  limits: {connections-per-address: 3}
                """));
        wsPort = gateway.port(Transport.WS);
    }

    @AfterEach
    void stop() {
        gateway.close();
    }

    @Test
    void fourthWebSocketFromOneAddressIsRefusedWith503() throws Exception {
        List<BoundWebSocket> open = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                BoundWebSocket ws = new BoundWebSocket("127.0.0.7", wsPort, READ);
                open.add(ws);
                assertTrue(ws.upgrade().startsWith("HTTP/1.1 101 "), "connection " + (i + 1) + " is upgraded");
            }
            String refused;
            try (BoundWebSocket fourth = new BoundWebSocket("127.0.0.7", wsPort, READ)) {
                refused = fourth.upgrade();
                assertTrue(fourth.closedByServer(), "the refused connection is closed");
            }
            assertTrue(refused.startsWith("HTTP/1.1 503 Service Unavailable\r\n"), refused);
            assertTrue(refused.contains("Retry-After: 5\r\n"), refused);
            assertEquals(1.0, EdgeTestSupport.metric(gateway, "webtrunk_protection_limit_hits_total",
                    "limit=\"connections-per-address\""));

            try (BoundWebSocket other = new BoundWebSocket("127.0.0.8", wsPort, READ)) {
                assertTrue(other.upgrade().startsWith("HTTP/1.1 101 "), "another address is not limited");
                assertEquals("SIP/2.0 200 OK", statusLine(optionsOver(other)));
            }
            assertEquals("SIP/2.0 200 OK", statusLine(optionsOver(open.get(0))), "admitted connections still work");

            open.remove(0).close();
            assertTrue(upgradesWithin("127.0.0.7", Duration.ofSeconds(5)), "a closed connection frees its slot");
        } finally {
            for (BoundWebSocket ws : open) {
                ws.close();
            }
        }
    }

    @Test
    void slowlorisIsClosedAtTheHandshakeTimeoutAndDoesNotBlockOthers() throws Exception {
        List<BoundWebSocket> slow = new ArrayList<>();
        List<Thread> drips = new ArrayList<>();
        AtomicInteger cutOff = new AtomicInteger();
        try {
            for (int i = 0; i < 3; i++) {
                BoundWebSocket s = new BoundWebSocket("127.0.0.9", wsPort, Duration.ofSeconds(8));
                slow.add(s);
                Thread t = new Thread(() -> drip(s, cutOff), "slowloris-" + i);
                t.setDaemon(true);
                t.start();
                drips.add(t);
            }
            long start = System.nanoTime();
            try (BoundWebSocket normal = new BoundWebSocket("127.0.0.10", wsPort, READ)) {
                assertTrue(normal.upgrade().startsWith("HTTP/1.1 101 "));
                assertEquals("SIP/2.0 200 OK", statusLine(optionsOver(normal)), "served while the slowloris drips");
            }
            for (BoundWebSocket s : slow) {
                assertTrue(s.closedByServer(), "the dripping connection is closed by the server");
            }
            long closedAfterMs = (System.nanoTime() - start) / 1_000_000;
            for (Thread t : drips) {
                t.join(5000);
            }
            System.out.printf("ConnectionLimitsIT: 3 slowloris connections closed after %d ms (timeout 2 s)%n",
                    closedAfterMs);
            assertEquals(3, cutOff.get(), "each drip was cut off before its request was complete");
            assertTrue(EdgeTestSupport.metric(gateway, "webtrunk_ws_handshake_refused_total",
                    "reason=\"timeout\"") >= 3);
            assertTrue(upgradesWithin("127.0.0.9", Duration.ofSeconds(5)), "the timed-out connections freed their slots");
        } finally {
            for (BoundWebSocket s : slow) {
                s.close();
            }
        }
    }

    /** Sends an upgrade request one byte every 200 ms (a whole request would take about 30 s). */
    private static void drip(BoundWebSocket s, AtomicInteger cutOff) {
        byte[] request = BoundWebSocket.upgradeRequest();
        try {
            for (byte b : request) {
                s.send(new byte[] {b});
                Thread.sleep(200);
            }
        } catch (IOException e) {
            cutOff.incrementAndGet();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String optionsOver(BoundWebSocket ws) throws IOException {
        ws.sendText("OPTIONS sip:127.0.0.1 SIP/2.0\r\n"
                + "Via: SIP/2.0/WS edge.invalid;branch=z9hG4bK-" + System.nanoTime() + "\r\n"
                + "Max-Forwards: 70\r\nFrom: <sip:probe@example.invalid>;tag=1\r\nTo: <sip:127.0.0.1>\r\n"
                + "Call-ID: " + System.nanoTime() + "@edge-it\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n");
        String reply = ws.readText();
        return reply == null ? "" : reply;
    }

    private static String statusLine(String message) {
        int end = message.indexOf("\r\n");
        return end < 0 ? message : message.substring(0, end);
    }

    private boolean upgradesWithin(String sourceIp, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try (BoundWebSocket ws = new BoundWebSocket(sourceIp, wsPort, READ)) {
                if (ws.upgrade().startsWith("HTTP/1.1 101 ")) {
                    return true;
                }
            }
            Thread.sleep(100);
        }
        return false;
    }
}
