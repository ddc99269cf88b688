package org.webtrunk.gateway.frontdoor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.webtrunk.gateway.testsupport.RunningGateway;
import org.webtrunk.gateway.testsupport.SippProcess;
import org.webtrunk.gateway.transport.Transport;

/**
 * The whole front door as a user meets it: the real gateway (listeners, codec, sanity, replies), a real
 * WebSocket client, SIPp over UDP and TCP, and hostile input that must be answered without harming others.
 */
class FrontDoorIT {
    @TempDir
    Path tmp;
    private RunningGateway gateway;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    @BeforeEach
    void start() {
        gateway = RunningGateway.start(tmp, "");
    }

    @AfterEach
    void stop() {
        gateway.close();
    }

    private static String options(String callId) {
        return "OPTIONS sip:127.0.0.1 SIP/2.0\r\n"
                + "Via: SIP/2.0/WS df7jal23ls0d.invalid;branch=z9hG4bK" + callId + "\r\n"
                + "Max-Forwards: 69\r\n"
                + "To: <sip:127.0.0.1>\r\n"
                + "From: <sip:alice@example.invalid>;tag=1928301774\r\n"
                + "Call-ID: " + callId + "\r\n"
                + "CSeq: 1 OPTIONS\r\n"
                + "Content-Length: 0\r\n\r\n";
    }

    /** A WebSocket client that collects whole text messages. */
    private static final class Collector implements WebSocket.Listener {
        final LinkedBlockingQueue<String> messages = new LinkedBlockingQueue<>();
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                messages.add(partial.toString());
                partial.setLength(0);
            }
            ws.request(1);
            return null;
        }
    }

    private WebSocket connect(Collector collector, String subprotocol) throws Exception {
        WebSocket.Builder b = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(3));
        if (subprotocol != null) {
            b.subprotocols(subprotocol);
        }
        return b.buildAsync(URI.create(gateway.wsUrl()), collector).get(5, TimeUnit.SECONDS);
    }

    @Test
    void webSocketClientWithSipSubprotocolGets200ToOptions() throws Exception {
        Collector c = new Collector();
        WebSocket ws = connect(c, "sip");
        assertEquals("sip", ws.getSubprotocol());
        ws.sendText(options("ws-ok-1"), true).get(3, TimeUnit.SECONDS);
        String reply = c.messages.poll(5, TimeUnit.SECONDS);
        assertTrue(reply != null && reply.startsWith("SIP/2.0 200 OK\r\n"), "reply: " + reply);
        assertTrue(reply.contains("Call-ID: ws-ok-1"), reply);
        assertTrue(reply.contains("Allow:"), reply);
        assertTrue(reply.contains(";received=127.0.0.1"), "Via gets received (RFC 3581): " + reply);
        ws.abort();
    }

    @Test
    void webSocketWithoutSubprotocolIsRefusedWith400() {
        ExecutionException e = assertThrows(ExecutionException.class, () -> connect(new Collector(), null));
        WebSocketHandshakeException refused = assertInstanceOf(WebSocketHandshakeException.class, e.getCause());
        assertEquals(400, refused.getResponse().statusCode());
    }

    @Test
    void malformedRequestGetsPrecise400AndTheConnectionKeepsWorking() throws Exception {
        Collector c = new Collector();
        WebSocket ws = connect(c, "sip");
        String badCseq = options("ws-bad-1").replace("CSeq: 1 OPTIONS", "CSeq: 1 INVITE");
        ws.sendText(badCseq, true).get(3, TimeUnit.SECONDS);
        String reply = c.messages.poll(5, TimeUnit.SECONDS);
        assertTrue(reply != null && reply.startsWith("SIP/2.0 400 "), "reply: " + reply);
        assertTrue(!reply.contains("Exception") && !reply.contains("at org."), "no stack trace: " + reply);
        ws.sendText(options("ws-ok-2"), true).get(3, TimeUnit.SECONDS);
        String second = c.messages.poll(5, TimeUnit.SECONDS);
        assertTrue(second != null && second.startsWith("SIP/2.0 200 OK"), "then: " + second);
        ws.abort();
        assertTrue(gateway.scrape().contains("webtrunk_sip_rejected_total"), "rejections are counted");
    }

    @Test
    void unsupportedUriSchemeGets416() throws Exception {
        Collector c = new Collector();
        WebSocket ws = connect(c, "sip");
        ws.sendText(options("ws-416").replace("OPTIONS sip:127.0.0.1", "OPTIONS http://127.0.0.1"), true)
                .get(3, TimeUnit.SECONDS);
        String reply = c.messages.poll(5, TimeUnit.SECONDS);
        assertTrue(reply != null && reply.startsWith("SIP/2.0 416 "), "reply: " + reply);
        ws.abort();
    }

    @Test
    void sippOptionsOverUdpAndTcpGet200() throws Exception {
        for (SippProcess.Transport t : new SippProcess.Transport[] {SippProcess.Transport.UDP, SippProcess.Transport.TCP}) {
            Transport ours = t == SippProcess.Transport.UDP ? Transport.UDP : Transport.TCP;
            try (SippProcess sipp = SippProcess.scenario("uac-options.xml").uac().transport(t)
                    .remote("127.0.0.1", gateway.port(ours)).calls(3).timeout(Duration.ofSeconds(15)).start()) {
                assertEquals(SippProcess.EXIT_ALL_CALLS_OK, sipp.awaitExit(Duration.ofSeconds(20)), sipp.describe());
            }
        }
    }

    @Test
    void garbageDatagramsAreDroppedAndCountedAndOthersAreStillServed() throws Exception {
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getByName("127.0.0.1"))) {
            s.setSoTimeout(300);
            byte[][] junk = {
                "\u0000\u0001\u0002 not sip at all".getBytes(StandardCharsets.ISO_8859_1),
                "INVITE sip:x SIP/2.0\r\nVia: garbage\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1),
                new byte[65_000],
            };
            for (byte[] j : junk) {
                s.send(new DatagramPacket(j, j.length, InetAddress.getByName("127.0.0.1"), gateway.port(Transport.UDP)));
            }
        }
        try (SippProcess sipp = SippProcess.scenario("uac-options.xml").uac().transport(SippProcess.Transport.UDP)
                .remote("127.0.0.1", gateway.port(Transport.UDP)).calls(1).timeout(Duration.ofSeconds(10)).start()) {
            assertEquals(SippProcess.EXIT_ALL_CALLS_OK, sipp.awaitExit(Duration.ofSeconds(15)), sipp.describe());
        }
        assertTrue(gateway.scrape().contains("webtrunk_sip_dropped_total"), "drops are counted");
    }

    @Test
    void adminServesHealthAndPrometheusMetrics() throws Exception {
        HttpResponse<String> health = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + gateway.adminPort() + "/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, health.statusCode());
        HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + gateway.adminPort() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, metrics.statusCode());
        assertTrue(metrics.body().contains("# TYPE webtrunk_connections_accepted_total counter"), metrics.body());
    }

}
