package org.webtrunk.gateway.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A load tester (SIPp) pings the trunk-side listeners with OPTIONS; bad streams are answered and closed. */
class SipListenerIT {
    private static final String SIPP = "/usr/bin/sipp";

    @TempDir
    Path tmp;
    private Listeners listeners;

    @BeforeEach
    void start() {
        TransportMetrics metrics = new TransportMetrics(new SimpleMeterRegistry());
        OptionsResponder sip = new OptionsResponder();
        listeners = new Listeners(TestConfigs.all(tmp.resolve("tls"), List.of(), Duration.ofSeconds(2)),
                new FlowRegistry(1000, metrics), metrics, sip::addTo, 2);
        listeners.start();
    }

    @AfterEach
    void stop() {
        listeners.close();
    }

    private static int freeUdpPort() throws Exception {
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Runs one SIPp OPTIONS call and returns its exit code (0: the 200 arrived). */
    private int sipp(String transportFlag, int port) throws Exception {
        Path scenario = Path.of(getClass().getResource("/transport/options-uac.xml").toURI());
        Process p = new ProcessBuilder(SIPP, "-sf", scenario.toString(), "-m", "1", "-t", transportFlag,
                "-i", "127.0.0.1", "-p", Integer.toString(freeUdpPort()), "-timeout", "10s", "-timeout_error",
                "-nostdin", "127.0.0.1:" + port)
                .directory(tmp.toFile()).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("sipp-" + transportFlag + ".log").toFile()).start();
        try {
            assertTrue(p.waitFor(20, TimeUnit.SECONDS), "sipp did not finish");
            return p.exitValue();
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void sippOptionsOverUdpGets200() throws Exception {
        assertEquals(0, sipp("u1", listeners.port(Transport.UDP)), log("u1"));
    }

    @Test
    void sippOptionsOverTcpGets200() throws Exception {
        assertEquals(0, sipp("t1", listeners.port(Transport.TCP)), log("t1"));
    }

    private String log(String flag) throws Exception {
        Path f = tmp.resolve("sipp-" + flag + ".log");
        return Files.exists(f) ? Files.readString(f, StandardCharsets.ISO_8859_1) : "";
    }

    private static String readAll(InputStream in) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
            out.write(buf, 0, n);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void tcpMessageAnnouncingMoreThanTheLimitGets513AndTheConnectionCloses() throws Exception {
        String headers = "MESSAGE sip:gateway@127.0.0.1 SIP/2.0\r\n"
                + "Via: SIP/2.0/TCP 127.0.0.1:5999;branch=z9hG4bK-big\r\n"
                + "From: <sip:a@127.0.0.1>;tag=1\r\nTo: <sip:gateway@127.0.0.1>\r\nCall-ID: big\r\nCSeq: 1 MESSAGE\r\n"
                + "Content-Length: 100000\r\n\r\n";
        try (Socket s = new Socket("127.0.0.1", listeners.port(Transport.TCP))) {
            s.setSoTimeout(5000);
            s.getOutputStream().write((headers + "x".repeat(8000)).getBytes(StandardCharsets.UTF_8));
            String reply = readAll(s.getInputStream()); // ends when the gateway closes
            assertTrue(reply.startsWith("SIP/2.0 513 Message Too Large\r\n"), reply);
            assertTrue(reply.contains("Call-ID: big\r\n"), reply);
        }
        assertEquals(0, sipp("t1", listeners.port(Transport.TCP)), log("t1"));
    }

    @Test
    void tcpGarbageThenCrlfPingStillGetsPong() throws Exception {
        try (Socket s = new Socket("127.0.0.1", listeners.port(Transport.TCP))) {
            s.setSoTimeout(5000);
            s.getOutputStream().write("\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            byte[] pong = s.getInputStream().readNBytes(2);
            assertEquals("\r\n", new String(pong, StandardCharsets.US_ASCII));
        }
    }

    @Test
    void optionsOverTlsGets200() throws Exception {
        SSLContext ctx = TlsTestClients.trustingSelfSigned(tmp.resolve("tls"));
        int port = listeners.port(Transport.TLS);
        try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1", port)) {
            s.setSoTimeout(5000);
            assertEquals("SIP/2.0 200 OK\r", options(s));
        }
    }

    @Test
    void aTlsPeersCloseNotifyClosesTheConnection() throws Exception {
        SSLContext ctx = TlsTestClients.trustingSelfSigned(tmp.resolve("tls"));
        try (Socket tcp = new Socket(InetAddress.getLoopbackAddress(), listeners.port(Transport.TLS))) {
            SSLSocket tls = TlsTestClients.overKeptOpenSocket(ctx, tcp);
            assertEquals("SIP/2.0 200 OK\r", options(tls));
            TlsTestClients.closeNotifyAndAwaitClose(tls, tcp);
        }
    }

    /** Sends OPTIONS and returns the first 15 bytes of the answer. */
    private static String options(SSLSocket s) throws IOException {
        s.getOutputStream().write(OptionsResponder.options("TLS", "tls1").getBytes(StandardCharsets.UTF_8));
        s.getOutputStream().flush();
        byte[] head = new byte[15];
        int n = 0;
        while (n < head.length) {
            int r = s.getInputStream().read(head, n, head.length - n);
            if (r < 0) {
                break;
            }
            n += r;
        }
        return new String(head, 0, n, StandardCharsets.US_ASCII);
    }

    static Path resource(String name) throws URISyntaxException {
        return Path.of(SipListenerIT.class.getResource(name).toURI());
    }
}
