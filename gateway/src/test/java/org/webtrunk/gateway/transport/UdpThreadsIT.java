package org.webtrunk.gateway.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.webtrunk.gateway.config.ListenersConfig;

/**
 * {@code listeners.udp.threads: 2}: both I/O threads read and answer the one UDP socket, every request is
 * answered once and from the listening port, and closing gives every descriptor back.
 */
class UdpThreadsIT {
    private static final String SIPP = "/usr/bin/sipp";

    @TempDir
    Path tmp;

    private Listeners start(OptionsResponder sip) {
        TransportMetrics metrics = new TransportMetrics(new SimpleMeterRegistry());
        ListenersConfig all = TestConfigs.all(tmp.resolve("tls"), List.of(), Duration.ofSeconds(2));
        ListenersConfig config = new ListenersConfig(all.ws(), all.wss(), TestConfigs.udp(2), all.tcp(), all.tls(),
                1000);
        Listeners listeners = new Listeners(config, new FlowRegistry(1000, metrics), metrics, sip::addTo, 2);
        listeners.start();
        return listeners;
    }

    /** One peer's burst (a trunk, a load generator) is worked on by both threads, and answered once each. */
    @Test
    void aBurstFromOneSocketIsAnsweredOnceEachFromTheListeningPortByBothThreads() throws Exception {
        OptionsResponder sip = new OptionsResponder();
        try (Listeners listeners = start(sip);
             DatagramSocket peer = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            int port = listeners.port(Transport.UDP);
            int count = 400;
            peer.setSoTimeout(5000);
            peer.setReceiveBufferSize(1 << 20);
            for (int i = 0; i < count; i++) {
                byte[] b = OptionsResponder.options("UDP", "burst-" + i).getBytes(StandardCharsets.US_ASCII);
                peer.send(new DatagramPacket(b, b.length, InetAddress.getLoopbackAddress(), port));
            }
            Set<String> answered = new HashSet<>();
            byte[] buf = new byte[2048];
            while (answered.size() < count) {
                DatagramPacket reply = new DatagramPacket(buf, buf.length);
                peer.receive(reply);
                assertEquals(port, reply.getPort(), "answer from another port");
                String text = new String(reply.getData(), 0, reply.getLength(), StandardCharsets.US_ASCII);
                assertTrue(text.startsWith("SIP/2.0 200 OK\r\n"), text);
                int at = text.indexOf("Call-ID: ") + 9;
                assertTrue(answered.add(text.substring(at, text.indexOf("\r\n", at))), "answered twice: " + text);
            }
            assertEquals(count, sip.frames.get(), "each datagram read once");
            assertEquals(2, sip.threads.size(), "threads that handled the burst: " + sip.threads);
        }
    }

    /** A real peer: SIPp sends 200 OPTIONS at 1,000/s and gets every 200 OK. */
    @Test
    void sippOptionsOverUdpAreAllAnswered() throws Exception {
        OptionsResponder sip = new OptionsResponder();
        try (Listeners listeners = start(sip)) {
            Path scenario = Path.of(getClass().getResource("/transport/options-uac.xml").toURI());
            int localPort;
            try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
                localPort = s.getLocalPort();
            }
            Path log = tmp.resolve("sipp.log");
            Process p = new ProcessBuilder(SIPP, "-sf", scenario.toString(), "-m", "200", "-r", "1000", "-t", "u1",
                    "-i", "127.0.0.1", "-p", Integer.toString(localPort), "-timeout", "20s", "-timeout_error",
                    "-nostdin", "127.0.0.1:" + listeners.port(Transport.UDP))
                    .directory(tmp.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            try {
                assertTrue(p.waitFor(30, TimeUnit.SECONDS), "sipp did not finish");
                assertEquals(0, p.exitValue(), Files.readString(log));
            } finally {
                p.destroyForcibly();
            }
            assertTrue(sip.frames.get() >= 200, "frames: " + sip.frames.get());
        }
    }

    /**
     * The extra descriptors of the socket (one per thread and reader) are closed with the listeners. Counts only
     * descriptors of this listener's socket, so other tests' sockets closing meanwhile do not move the figure.
     */
    @Test
    void closingGivesBackEveryDescriptor() throws Exception {
        start(new OptionsResponder()).close(); // first start loads what the JVM keeps open
        long before = openDescriptors();
        Listeners listeners = start(new OptionsResponder());
        String socket = "socket:[" + udpInode(listeners.port(Transport.UDP)) + "]";
        assertTrue(descriptorsOf(socket) >= 4, "the socket's extra descriptors are open while running");
        listeners.close();
        assertEquals(0, descriptorsOf(socket), "descriptors of the UDP socket left open after close");
        // the hand-over sockets too (SCM_RIGHTS); at most, since another test's socket may close meanwhile
        long after = openDescriptors();
        assertTrue(after <= before, "descriptors left open after close: " + after + " against " + before + " before");
    }

    private static long openDescriptors() throws IOException {
        return descriptors(target -> true);
    }

    /** The inode of the UDP socket bound to {@code port} (IPv4 or dual-stack), from /proc/self/net. */
    private static String udpInode(int port) throws IOException {
        String suffix = String.format(":%04X", port);
        for (String table : List.of("/proc/self/net/udp", "/proc/self/net/udp6")) {
            for (String line : Files.readAllLines(Path.of(table))) {
                String[] f = line.trim().split("\\s+");
                if (f.length > 9 && f[1].endsWith(suffix)) {
                    return f[9];
                }
            }
        }
        throw new AssertionError("no UDP socket on port " + port);
    }

    private static long descriptorsOf(String target) throws IOException {
        return descriptors(target::equals);
    }

    /** Open descriptors of this process whose link (e.g. {@code socket:[123]}) passes {@code which}. */
    private static long descriptors(Predicate<String> which) throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.filter(fd -> {
                try {
                    return which.test(Files.readSymbolicLink(fd).toString());
                } catch (IOException e) {
                    return false; // closed while listing
                }
            }).count();
        }
    }
}
