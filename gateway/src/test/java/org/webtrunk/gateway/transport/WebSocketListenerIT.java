package org.webtrunk.gateway.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A browser-like client reaches the SIP stage over WS and WSS with the {@code sip} subprotocol; clients
 * that break the rules are refused or closed with the right code, and the gateway keeps serving others.
 */
class WebSocketListenerIT {
    private static final String ORIGIN = "https://app.example.com";

    @TempDir
    Path tmp;
    private SimpleMeterRegistry meters;
    private Listeners listeners;

    @BeforeEach
    void start() {
        meters = new SimpleMeterRegistry();
        TransportMetrics metrics = new TransportMetrics(meters);
        OptionsResponder sip = new OptionsResponder();
        listeners = new Listeners(TestConfigs.all(tmp.resolve("tls"), List.of(ORIGIN), Duration.ofSeconds(1)),
                new FlowRegistry(1000, metrics), metrics, sip::addTo, 2);
        listeners.start();
    }

    @AfterEach
    void stop() {
        listeners.close();
    }

    /** Collects whole text messages. */
    private static final class Collector implements WebSocket.Listener {
        final CompletableFuture<String> first = new CompletableFuture<>();
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                first.complete(partial.toString());
            }
            ws.request(1);
            return null;
        }
    }

    private String optionsOver(HttpClient client, String uri, String transport) throws Exception {
        Collector collector = new Collector();
        WebSocket ws = client.newWebSocketBuilder().subprotocols("sip").header("Origin", ORIGIN)
                .connectTimeout(Duration.ofSeconds(5)).buildAsync(URI.create(uri), collector).get(5, TimeUnit.SECONDS);
        try {
            assertEquals("sip", ws.getSubprotocol());
            ws.sendText(OptionsResponder.options(transport, "ws-" + System.nanoTime()), true).get(5, TimeUnit.SECONDS);
            return collector.first.get(5, TimeUnit.SECONDS);
        } finally {
            ws.abort();
        }
    }

    private String wsUri() {
        return "ws://127.0.0.1:" + listeners.port(Transport.WS) + "/";
    }

    private void assertStillServing() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        assertTrue(optionsOver(client, wsUri(), "WS").startsWith("SIP/2.0 200 OK\r\n"));
    }

    @Test
    void optionsOverWsGets200WithTheSipSubprotocol() throws Exception {
        String reply = optionsOver(HttpClient.newHttpClient(), wsUri(), "WS");
        assertTrue(reply.startsWith("SIP/2.0 200 OK\r\n"), reply);
        assertTrue(reply.contains("CSeq: 1 OPTIONS"), reply);
    }

    @Test
    void optionsOverWssGets200WithTheSelfSignedCertificate() throws Exception {
        HttpClient client = HttpClient.newBuilder()
                .sslContext(TlsTestClients.trustingSelfSigned(tmp.resolve("tls"))).build();
        String reply = optionsOver(client, "wss://127.0.0.1:" + listeners.port(Transport.WSS) + "/", "WSS");
        assertTrue(reply.startsWith("SIP/2.0 200 OK\r\n"), reply);
        assertTrue(Files.isRegularFile(tmp.resolve("tls").resolve(SelfSignedCertificates.KEY_FILE)));
    }

    @Test
    void aWssPeersCloseNotifyClosesTheConnection() throws Exception {
        SSLContext ctx = TlsTestClients.trustingSelfSigned(tmp.resolve("tls"));
        try (Socket tcp = new Socket(InetAddress.getLoopbackAddress(), listeners.port(Transport.WSS))) {
            SSLSocket tls = TlsTestClients.overKeptOpenSocket(ctx, tcp);
            String upgrade = "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                    + "Sec-WebSocket-Protocol: sip\r\nOrigin: " + ORIGIN + "\r\n\r\n";
            tls.getOutputStream().write(upgrade.getBytes(StandardCharsets.US_ASCII));
            tls.getOutputStream().flush();
            assertEquals("HTTP/1.1 101", new String(tls.getInputStream().readNBytes(12), StandardCharsets.US_ASCII));
            TlsTestClients.closeNotifyAndAwaitClose(tls, tcp);
        }
    }

    private int refusedStatus(WebSocket.Builder builder) {
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> builder.connectTimeout(Duration.ofSeconds(5))
                        .buildAsync(URI.create(wsUri()), new Collector()).get(5, TimeUnit.SECONDS));
        return assertInstanceOf(WebSocketHandshakeException.class, e.getCause()).getResponse().statusCode();
    }

    @Test
    void clientOfferingNoSubprotocolIsRefusedWith400() throws Exception {
        assertEquals(400, refusedStatus(HttpClient.newHttpClient().newWebSocketBuilder().header("Origin", ORIGIN)));
        assertStillServing();
    }

    @Test
    void clientFromAnotherOriginIsRefusedWith403() throws Exception {
        assertEquals(403, refusedStatus(HttpClient.newHttpClient().newWebSocketBuilder().subprotocols("sip")
                .header("Origin", "https://evil.example.net")));
        assertStillServing();
    }

    /** A counter's value once the event loop has counted it (the client may see the effect first); 2 s bound. */
    private double eventually(String name, String tag, String value) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (true) {
            var counter = meters.find(name).tag(tag, value).counter();
            if ((counter != null && counter.count() > 0) || System.nanoTime() > deadline) {
                return counter == null ? 0 : counter.count();
            }
            Thread.sleep(10);
        }
    }

    private int closeCodeAfter(byte[] frame) throws Exception {
        try (RawWebSocket raw = new RawWebSocket(listeners.port(Transport.WS))) {
            String head = raw.upgrade(ORIGIN);
            assertTrue(head.startsWith("HTTP/1.1 101"), head);
            raw.send(frame);
            return raw.readCloseCode();
        }
    }

    @Test
    void invalidUtf8InATextFrameIsClosedWith1007() throws Exception {
        assertEquals(1007, closeCodeAfter(RawWebSocket.frame(0x1, new byte[] {'O', (byte) 0xC3, 0x28}, true)));
        assertStillServing();
    }

    @Test
    void unmaskedClientFrameIsClosedWith1002() throws Exception {
        assertEquals(1002, closeCodeAfter(RawWebSocket.frame(0x1,
                OptionsResponder.options("WS", "u").getBytes(StandardCharsets.UTF_8), false)));
        assertStillServing();
    }

    @Test
    void hugeDeclaredFrameLengthIsClosedWith1009WithoutWaitingForThePayload() throws Exception {
        byte[] header = {(byte) 0x82, (byte) (0x80 | 127), 0, 0, 1, 0, 0, 0, 0, 0, 1, 2, 3, 4}; // 2^40 bytes
        assertEquals(1009, closeCodeAfter(header));
        assertEquals(1.0, eventually("webtrunk.ws.close.sent", "code", "1009"));
        assertStillServing();
    }

    @Test
    void slowHandshakeIsClosedAfterTheTimeout() throws Exception {
        try (RawWebSocket raw = new RawWebSocket(listeners.port(Transport.WS))) {
            raw.send("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n".getBytes(StandardCharsets.US_ASCII));
            assertTrue(raw.closedByServer()); // socket timeout is 5 s, handshake timeout 1 s
        }
        assertEquals(1.0, eventually("webtrunk.ws.handshake.refused", "reason", "timeout"));
        assertStillServing();
    }
}
