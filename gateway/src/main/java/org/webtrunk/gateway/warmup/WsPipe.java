package org.webtrunk.gateway.warmup;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/** A warm-up caller over WebSocket or secure WebSocket (RFC 7118, subprotocol {@code sip}), as JsSIP connects. */
final class WsPipe implements SipPipe {
    private static final String CLOSED = "";

    private final BlockingQueue<String> received = new ArrayBlockingQueue<>(256);
    private final String host = Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".invalid";
    private final WebSocket ws;

    private final boolean secure;

    /** Over {@code wss} when {@code secure} ({@code http} then trusts the private listener, see TrustOwnListener). */
    WsPipe(HttpClient http, int gatewayPort, boolean secure) throws IOException {
        this.secure = secure;
        try {
            ws = http.newWebSocketBuilder().subprotocols("sip").connectTimeout(Duration.ofSeconds(2))
                    .buildAsync(URI.create((secure ? "wss" : "ws") + "://127.0.0.1:" + gatewayPort + "/"),
                            new Listener())
                    .orTimeout(5, TimeUnit.SECONDS).join();
        } catch (CompletionException e) {
            throw new IOException("WebSocket to the warm-up gateway: " + e.getCause(), e.getCause());
        }
    }

    @Override
    public String transport() {
        return secure ? "WSS" : "WS";
    }

    @Override
    public String sentBy() {
        return host;
    }

    @Override
    public void send(String message) throws IOException {
        try {
            ws.sendText(message, true).get(2, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IOException("WebSocket send: " + e, e);
        }
    }

    @Override
    public String receive(long timeoutMillis) throws IOException, InterruptedException {
        String message = received.poll(timeoutMillis, TimeUnit.MILLISECONDS);
        if (message == CLOSED) {
            received.offer(CLOSED);
            throw new IOException("the gateway closed the WebSocket");
        }
        return message;
    }

    @Override
    public void close() {
        ws.abort();
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                // a full queue drops: that caller then times out and counts a failure
                received.offer(partial.toString());
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            received.offer(CLOSED);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            received.offer(CLOSED);
        }
    }
}
