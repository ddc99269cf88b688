package org.webtrunk.gateway.dialog.it;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.webtrunk.auth.EphemeralCredentials;

/**
 * A scripted SIP-over-WebSocket caller (RFC 7118) far lighter than a JsSIP process, so that a test can hold
 * hundreds of calls: one WebSocket (subprotocol {@code sip}) and one call per instance, REGISTER-less. It
 * answers the digest challenge (RFC 2617 §3.2.2, MD5, qop=auth), ACKs and BYEs along the route set built from
 * the 2xx's Record-Route in reverse (RFC 3261 §12.1.2), refreshes with UPDATE (RFC 4028 §9) when asked, and
 * answers 200 to any BYE, UPDATE or OPTIONS the gateway sends it.
 */
final class WsSipCaller implements AutoCloseable {
    private static final Pattern PARAM = Pattern.compile("(\\w+)=\"([^\"]*)\"");
    private static final Map<String, String> COMPACT = Map.of("i", "call-id", "f", "from", "t", "to", "v", "via",
            "m", "contact", "l", "content-length", "x", "session-expires", "k", "supported", "c", "content-type");

    private final WebSocket ws;
    private final BlockingQueue<Msg> responses = new LinkedBlockingQueue<>();
    /** Requests the gateway sent us (already answered 200), with the time they arrived. */
    private final ConcurrentLinkedQueue<Msg> requests = new ConcurrentLinkedQueue<>();
    private final String host = "c" + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".invalid";
    private final String callId = Long.toHexString(ThreadLocalRandom.current().nextLong()) + "@" + host;
    private final String fromTag = Long.toHexString(ThreadLocalRandom.current().nextLong());
    private String from;
    private String to;
    private String remoteTarget;
    private List<String> routeSet = List.of();
    private long cseq;

    /** One SIP message: start line, headers by lower-case long name (in order), and when it arrived. */
    record Msg(String startLine, Map<String, List<String>> headers, long arrivedNanos) {
        String header(String name) {
            List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
            return v == null || v.isEmpty() ? null : v.get(0);
        }

        List<String> all(String name) {
            return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
        }

        int status() {
            return startLine.startsWith("SIP/2.0 ") ? Integer.parseInt(startLine.substring(8, 11)) : -1;
        }

        String method() {
            return startLine.substring(0, startLine.indexOf(' '));
        }
    }

    private WsSipCaller(WebSocket ws) {
        this.ws = ws;
    }

    /** Opens the WebSocket with subprotocol {@code sip}. */
    static WsSipCaller connect(HttpClient http, String wsUrl) {
        Holder holder = new Holder();
        WebSocket ws = http.newWebSocketBuilder().subprotocols("sip").connectTimeout(Duration.ofSeconds(5))
                .buildAsync(URI.create(wsUrl), holder).orTimeout(10, TimeUnit.SECONDS).join();
        WsSipCaller caller = new WsSipCaller(ws);
        holder.caller = caller;
        caller.drain(holder);
        return caller;
    }

    /**
     * Places an authenticated call to {@code number}: INVITE → 407 → ACK → INVITE with Proxy-Authorization →
     * 2xx → ACK along the route set. {@code sessionExpires} > 0 offers that interval with refresher=uac.
     *
     * @return the 2xx
     */
    Msg call(String number, EphemeralCredentials c, int sessionExpires) throws InterruptedException {
        String ruri = "sip:" + number + "@example.invalid";
        from = "<sip:" + c.id() + "@example.invalid>;tag=" + fromTag;
        to = "<" + ruri + ">";
        List<String> timer = sessionExpires > 0
                ? List.of("Supported: timer", "Session-Expires: " + sessionExpires + ";refresher=uac") : List.of();
        String branch = branch();
        cseq = 1;
        send(request("INVITE", ruri, branch, List.of(), to, cseq, timer, true));
        Msg challenge = awaitFinal("INVITE", cseq);
        if (challenge.status() != 407) {
            throw new AssertionError("expected 407, got " + challenge.startLine());
        }
        send(request("ACK", ruri, branch, List.of(), challenge.header("to"), cseq, List.of(), false));
        cseq++;
        List<String> extra = new ArrayList<>(timer);
        extra.add("Proxy-Authorization: " + digest(challenge.header("proxy-authenticate"), c, "INVITE", ruri));
        send(request("INVITE", ruri, branch(), List.of(), to, cseq, extra, true));
        Msg ok = awaitFinal("INVITE", cseq);
        if (ok.status() != 200) {
            throw new AssertionError("expected 200 to the INVITE, got " + ok.startLine());
        }
        to = ok.header("to");
        remoteTarget = uriOf(ok.header("contact"));
        List<String> rr = new ArrayList<>();
        for (String line : ok.all("record-route")) {
            for (String part : line.split(",(?=\\s*<)")) {
                rr.add(part.trim());
            }
        }
        java.util.Collections.reverse(rr); // RFC 3261 §12.1.2: the UAC's route set is Record-Route reversed
        routeSet = List.copyOf(rr);
        send(request("ACK", remoteTarget, branch(), routeSet, to, cseq, List.of(), false));
        return ok;
    }

    /** A session refresh (RFC 4028 §9); returns the final answer. */
    Msg update(int sessionExpires) throws InterruptedException {
        cseq++;
        send(request("UPDATE", remoteTarget, branch(), routeSet, to, cseq,
                List.of("Supported: timer", "Session-Expires: " + sessionExpires + ";refresher=uac"), false));
        return awaitFinal("UPDATE", cseq);
    }

    /** Hangs up; returns the final answer to the BYE. */
    Msg bye() throws InterruptedException {
        cseq++;
        send(request("BYE", remoteTarget, branch(), routeSet, to, cseq, List.of(), false));
        return awaitFinal("BYE", cseq);
    }

    String callId() {
        return callId;
    }

    /** The first request of {@code method} the gateway sent us, or null. */
    Msg received(String method) {
        return requests.stream().filter(m -> m.method().equals(method)).findFirst().orElse(null);
    }

    /** Waits (bounded) for the gateway to send us a request of {@code method}; null if none came in time. */
    Msg awaitRequest(String method, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Msg m;
        while ((m = received(method)) == null && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        return m;
    }

    /** Drops the TCP connection without a close frame (a browser tab killed, a laptop lid shut). */
    void abort() {
        ws.abort();
    }

    @Override
    public void close() {
        ws.abort();
    }

    private Msg awaitFinal(String method, long number) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            Msg m = responses.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (m == null) {
                throw new AssertionError("no final answer to " + method + " " + number + " within 10 s on " + callId);
            }
            if (m.status() >= 200 && (number + " " + method).equals(m.header("cseq"))) {
                return m;
            }
        }
    }

    private String request(String method, String ruri, String branch, List<String> route, String toHeader,
                           long number, List<String> extra, boolean sdp) {
        StringBuilder b = new StringBuilder();
        b.append(method).append(' ').append(ruri).append(" SIP/2.0\r\n");
        b.append("Via: SIP/2.0/WS ").append(host).append(";branch=").append(branch).append("\r\n");
        b.append("Max-Forwards: 70\r\n");
        for (String r : route) {
            b.append("Route: ").append(r).append("\r\n");
        }
        b.append("To: ").append(toHeader).append("\r\n");
        b.append("From: ").append(from).append("\r\n");
        b.append("Call-ID: ").append(callId).append("\r\n");
        b.append("CSeq: ").append(number).append(' ').append(method).append("\r\n");
        if (!"ACK".equals(method) && !"BYE".equals(method)) {
            b.append("Contact: <sip:caller@").append(host).append(";transport=ws;ob>\r\n");
        }
        extra.forEach(h -> b.append(h).append("\r\n"));
        String body = sdp ? "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                + "m=audio 9 UDP/TLS/RTP/SAVPF 0\r\na=mid:0\r\na=sendrecv\r\n" : "";
        if (sdp) {
            b.append("Content-Type: application/sdp\r\n");
        }
        b.append("Content-Length: ").append(body.getBytes(StandardCharsets.UTF_8).length).append("\r\n\r\n").append(body);
        return b.toString();
    }

    private synchronized void send(String text) {
        ws.sendText(text, true).orTimeout(5, TimeUnit.SECONDS).join();
    }

    private void onMessage(String text) {
        Msg m = parse(text);
        if (m == null) {
            return;
        }
        if (m.status() > 0) {
            responses.add(m);
            return;
        }
        requests.add(m);
        if (!"ACK".equals(m.method())) {
            StringBuilder b = new StringBuilder("SIP/2.0 200 OK\r\n");
            for (String name : List.of("via", "from", "to", "call-id", "cseq")) {
                for (String v : m.all(name)) {
                    b.append(name.equals("call-id") ? "Call-ID" : name.equals("cseq") ? "CSeq"
                            : Character.toUpperCase(name.charAt(0)) + name.substring(1)).append(": ").append(v).append("\r\n");
                }
            }
            b.append("Content-Length: 0\r\n\r\n");
            java.util.concurrent.CompletableFuture.runAsync(() -> send(b.toString())); // not on the listener's thread
        }
    }

    private static Msg parse(String text) {
        String[] lines = text.split("\r\n", -1);
        if (lines.length == 0 || lines[0].isBlank()) {
            return null;
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length && !lines[i].isEmpty(); i++) {
            int colon = lines[i].indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
            name = COMPACT.getOrDefault(name, name);
            headers.computeIfAbsent(name, k -> new ArrayList<>()).add(lines[i].substring(colon + 1).trim());
        }
        return new Msg(lines[0], headers, System.nanoTime());
    }

    private static String uriOf(String nameAddr) {
        int lt = nameAddr.indexOf('<');
        return lt >= 0 ? nameAddr.substring(lt + 1, nameAddr.indexOf('>', lt)) : nameAddr.split(";")[0].trim();
    }

    private static String branch() {
        return "z9hG4bK" + Long.toHexString(ThreadLocalRandom.current().nextLong());
    }

    /** RFC 2617 §3.2.2 with qop=auth and MD5, the only algorithm JsSIP speaks. */
    private static String digest(String challenge, EphemeralCredentials c, String method, String uri) {
        Map<String, String> p = new LinkedHashMap<>();
        Matcher m = PARAM.matcher(challenge);
        while (m.find()) {
            p.put(m.group(1), m.group(2));
        }
        String realm = p.get("realm");
        String nonce = p.get("nonce");
        String ha1 = md5(c.username() + ":" + realm + ":" + c.password());
        String ha2 = md5(method + ":" + uri);
        String response = md5(ha1 + ":" + nonce + ":00000001:0a4f113b:auth:" + ha2);
        return "Digest username=\"" + c.username() + "\", realm=\"" + realm + "\", nonce=\"" + nonce + "\", uri=\""
                + uri + "\", response=\"" + response + "\", algorithm=MD5, qop=auth, nc=00000001, cnonce=\"0a4f113b\""
                + (p.containsKey("opaque") ? ", opaque=\"" + p.get("opaque") + "\"" : "");
    }

    private static String md5(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Collects text frames (a SIP message may span several) and hands each whole message over. */
    private static final class Holder implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();
        private final List<String> early = new ArrayList<>();
        private volatile WsSipCaller caller;

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                synchronized (this) {
                    if (caller == null) {
                        early.add(text);
                    } else {
                        caller.onMessage(text);
                    }
                }
            }
            webSocket.request(1);
            return null;
        }
    }

    private void drain(Holder holder) {
        synchronized (holder) {
            holder.early.forEach(this::onMessage);
            holder.early.clear();
        }
    }
}
