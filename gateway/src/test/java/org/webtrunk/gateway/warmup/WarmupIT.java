package org.webtrunk.gateway.warmup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.webtrunk.gateway.config.ConfigLoader;
import org.webtrunk.gateway.config.GatewayConfig;

/**
 * The start-up warm-up over real loopback sockets: its callers complete REGISTERs and calls over UDP, TCP,
 * WebSocket and secure WebSocket (with the real listener's self-signed certificate) through the private gateway and
 * its trunk, with the UDP socket read by one thread and by two, and
 * each run gives back every socket and thread it took.
 */
class WarmupIT {
    @TempDir
    Path tmp;

    @Test
    void callsGoThroughOnEveryTransportAndNothingIsLeftOpen() throws Exception {
        // The first run in a JVM also makes what the JDK keeps for good (a name-service socket); the second counts.
        assertCallsWentThrough(Warmup.run(config(1), Duration.ofSeconds(1)));
        long socketsBefore = openSockets();

        assertCallsWentThrough(Warmup.run(config(2), Duration.ofSeconds(1)));

        assertEquals(List.of(), warmupThreads(), "warm-up threads still running");
        long socketsAfter = openSockets();
        // at most as many: a test class run before this one in the same JVM may still be closing its own
        assertTrue(socketsAfter <= socketsBefore, "sockets left open: " + socketsBefore + " -> " + socketsAfter);
    }

    private GatewayConfig config(int udpThreads) {
        return ConfigLoader.parse("listeners: {udp: {threads: " + udpThreads + "}, wss: {tls: {self-signed-dir: '"
                + tmp.resolve("tls") + "'}}}\n", "test.yaml", tmp, name -> null);
    }

    @Test
    void withoutWssItWarmsTheOtherTransports() throws Exception {
        GatewayConfig noWss = ConfigLoader.parse("listeners: {wss: {enabled: false}}\n", "test.yaml", tmp,
                name -> null);
        Warmup.Result r = Warmup.run(noWss, Duration.ofMillis(500));
        assertEquals(0, r.failures(), "last failure: " + r.lastFailure());
        assertEquals(List.of("UDP", "TCP", "WS"), List.copyOf(r.callsByTransport().keySet()));
    }

    private static void assertCallsWentThrough(Warmup.Result r) {
        assertEquals(List.of("UDP", "TCP", "WS", "WSS"), List.copyOf(r.callsByTransport().keySet()),
                "every transport carried calls");
        assertEquals(0, r.failures(), "last failure: " + r.lastFailure());
        assertNull(r.lastFailure());
        assertEquals(r.registrations(), r.calls(), "each round registers, then calls");
        assertTrue(r.took().compareTo(Duration.ofSeconds(1)) >= 0, "runs for the time asked: " + r.took());
        assertTrue(r.registrations() >= 4, "each transport registered: " + r.registrations());
    }

    /** The warm-up's threads still alive after 5 s each (a pool's thread outlives its termination briefly). */
    private static List<String> warmupThreads() throws InterruptedException {
        List<Thread> threads = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("warm-up")).toList();
        for (Thread t : threads) {
            t.join(5_000);
        }
        return threads.stream().filter(Thread::isAlive).map(Thread::getName).toList();
    }

    private static long openSockets() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.filter(fd -> {
                try {
                    return Files.readSymbolicLink(fd).toString().startsWith("socket:");
                } catch (IOException e) {
                    return false; // closed while listing
                }
            }).count();
        }
    }
}
