package org.webtrunk.gateway.calls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.webtrunk.gateway.calls.CallTestSupport.NUMBER;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.webtrunk.auth.EphemeralCredentials;
import org.webtrunk.gateway.testsupport.FreePorts;
import org.webtrunk.gateway.testsupport.RunningGateway;
import org.webtrunk.gateway.testsupport.SippProcess;
import org.webtrunk.gateway.transport.Transport;

/**
 * Trunk failover: when the priority-1 target of a trunk does not answer (nothing listens, or it swallows
 * requests), each call moves to the priority-2 target after {@code proxy.target-timeout} (RFC 3263 §4.3 style
 * next-hop failover, RFC 2782 priorities) well before the caller's Timer B, so no call is lost.
 */
class TrunkFailoverIT {
    private static final int CALLS = 5;
    private static final Duration RUN = Duration.ofSeconds(40);

    @TempDir
    Path tmp;

    private static String twoTargets(int deadPort, int livePort) {
        return """
                proxy: {target-timeout: 1s}
                trunks:
                  - name: t1
                    targets:
                      - {uri: "sip:127.0.0.1:%d;transport=udp", priority: 1}
                      - {uri: "sip:127.0.0.1:%d;transport=udp", priority: 2}
                tenants:
                  - {id: demo, default: true, numbers: ["*"], trunks: [t1]}
                """.formatted(deadPort, livePort);
    }

    @Test
    void callsCompleteOnTheSecondTargetWhenNothingListensOnTheFirst() throws Exception {
        List<Integer> ports = FreePorts.distinct(3);
        try (RunningGateway gateway = RunningGateway.start(tmp, twoTargets(ports.get(0), ports.get(1)))) {
            callsComplete(gateway, ports.get(1), ports.get(2));
        }
    }

    @Test
    void callsCompleteOnTheSecondTargetWhenTheFirstSwallowsRequests() throws Exception {
        List<Integer> ports = FreePorts.distinct(3);
        try (BlackHole first = new BlackHole(ports.get(0));
             RunningGateway gateway = RunningGateway.start(tmp, twoTargets(ports.get(0), ports.get(1)))) {
            callsComplete(gateway, ports.get(1), ports.get(2));
            assertTrue(first.invites() >= 1, "the priority-1 target was tried first");
        }
    }

    private static void callsComplete(RunningGateway gateway, int livePort, int callerPort) throws Exception {
        EphemeralCredentials bob = CallTestSupport.mint("bob");
        try (SippProcess trunk = SippProcess.scenario("trunk-answer.xml").uas().localPort(livePort).calls(CALLS)
                .timeout(RUN).start();
             SippProcess caller = SippProcess.scenario("uac-call-auth.xml")
                     .remote("127.0.0.1", gateway.port(Transport.UDP)).localPort(callerPort).service(NUMBER)
                     .injection(List.of(CallTestSupport.injectionRow(bob, "bob"))).calls(CALLS).rate(5)
                     .callDuration(Duration.ofMillis(100)).timeout(RUN).start()) {
            assertEquals(SippProcess.EXIT_ALL_CALLS_OK, caller.awaitExit(RUN.plusSeconds(5)), caller.describe());
            assertEquals(SippProcess.EXIT_ALL_CALLS_OK, trunk.awaitExit(Duration.ofSeconds(10)), trunk.describe());
            assertEquals(CALLS, trunk.received("INVITE ").size(), "every call reached the second target once");
            assertEquals(CALLS, trunk.received("BYE ").size());
        }
    }

    /** A UDP "target" that receives and never answers, counting the INVITEs it swallowed. */
    private static final class BlackHole implements AutoCloseable {
        private final DatagramSocket socket;
        private final AtomicInteger invites = new AtomicInteger();
        private final Thread reader;

        BlackHole(int port) throws SocketException {
            socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            reader = new Thread(this::swallow, "black-hole-" + port);
            reader.setDaemon(true);
            reader.start();
        }

        int invites() {
            return invites.get();
        }

        private void swallow() {
            byte[] buf = new byte[65_535];
            while (!socket.isClosed()) {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                try {
                    socket.receive(p);
                } catch (IOException closed) {
                    return;
                }
                if (new String(p.getData(), 0, Math.min(p.getLength(), 7), StandardCharsets.US_ASCII).equals("INVITE ")) {
                    invites.incrementAndGet();
                }
            }
        }

        @Override
        public void close() throws InterruptedException {
            socket.close();
            reader.join(2000);
        }
    }
}
