package org.webtrunk.gateway.warmup;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.webtrunk.auth.DigestAlgorithm;
import org.webtrunk.auth.DigestClient;
import org.webtrunk.auth.EphemeralCredentials;

/**
 * The flows of a browser caller, in JsSIP's shape, over one {@link SipPipe}: REGISTER → 401 → REGISTER with
 * Digest (MD5, qop=auth, RFC 3261 §22.4) → 200, and INVITE → 407 → ACK → INVITE with Proxy-Authorization →
 * 100/180/200 → ACK and BYE along the route set (RFC 3261 §12.1.2) → 200. Each step waits for its answer;
 * a missing or unexpected one throws.
 */
final class WarmupCaller {
    static final String DOMAIN = "warmup.invalid";
    private static final long ANSWER_TIMEOUT_MS = 2_000;
    private static final Pattern PARAM = Pattern.compile("(\\w+)=(?:\"([^\"]*)\"|([^,\\s]+))");
    private static final String OFFER = String.join("\r\n",
            "v=0", "o=- 4611731400430051336 2 IN IP4 127.0.0.1", "s=-", "t=0 0", "a=group:BUNDLE 0",
            "a=msid-semantic: WMS warmup", "m=audio 9 UDP/TLS/RTP/SAVPF 111 0 8 126", "c=IN IP4 0.0.0.0",
            "a=rtcp:9 IN IP4 0.0.0.0", "a=candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host generation 0",
            "a=ice-ufrag:Wrmp", "a=ice-pwd:warmupwarmupwarmupwarmup", "a=ice-options:trickle",
            "a=fingerprint:sha-256 00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:"
                    + "00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF",
            "a=setup:actpass", "a=mid:0", "a=sendrecv", "a=rtcp-mux", "a=rtpmap:111 opus/48000/2",
            "a=rtpmap:0 PCMU/8000", "a=rtpmap:8 PCMA/8000", "a=rtpmap:126 telephone-event/8000", "");

    private final SipPipe pipe;
    private final String number;
    /** One device per caller: its REGISTERs refresh one binding (RFC 5626 instance). */
    private final String instance = java.util.UUID.randomUUID().toString();

    WarmupCaller(SipPipe pipe, String number) {
        this.pipe = pipe;
        this.number = number;
    }

    void register(EphemeralCredentials c) throws IOException, InterruptedException {
        String uri = "sip:" + DOMAIN;
        String callId = token() + token();
        String tag = token();
        pipe.send(registerRequest(c, uri, callId, tag, 1, null));
        WarmupMessage challenge = awaitFinal("1 REGISTER", 401);
        pipe.send(registerRequest(c, uri, callId, tag, 2,
                "Authorization: " + digest(challenge.header("www-authenticate"), c, "REGISTER", uri)));
        awaitFinal("2 REGISTER", 200);
    }

    void call(EphemeralCredentials c) throws IOException, InterruptedException {
        String ruri = "sip:" + number + "@" + DOMAIN;
        String from = "\"" + c.id() + "\" <sip:" + c.id() + "@" + DOMAIN + ">;tag=" + token();
        String callId = token() + token();
        String branch = branch();
        pipe.send(invite(ruri, from, callId, branch, 1, ""));
        WarmupMessage challenge = awaitFinal("1 INVITE", 407);
        pipe.send(inDialog("ACK", ruri, List.of(), challenge.header("to"), from, callId, 1, branch));
        pipe.send(invite(ruri, from, callId, branch(), 2, "Proxy-Authorization: "
                + digest(challenge.header("proxy-authenticate"), c, "INVITE", ruri) + "\r\n"));
        WarmupMessage ok = awaitFinal("2 INVITE", 200);
        String to = ok.header("to");
        String target = uriOf(ok.header("contact"));
        List<String> routes = new ArrayList<>(ok.values("record-route"));
        Collections.reverse(routes);
        pipe.send(inDialog("ACK", target, routes, to, from, callId, 2, branch()));
        pipe.send(inDialog("BYE", target, routes, to, from, callId, 3, branch()));
        awaitFinal("3 BYE", 200);
    }

    private String registerRequest(EphemeralCredentials c, String uri, String callId, String tag, int cseq,
                                   String authorization) {
        String user = c.id();
        return "REGISTER " + uri + " SIP/2.0\r\n"
                + via(branch())
                + "Max-Forwards: 69\r\n"
                + "To: <sip:" + user + "@" + DOMAIN + ">\r\n"
                + "From: <sip:" + user + "@" + DOMAIN + ">;tag=" + tag + "\r\n"
                + "Call-ID: " + callId + "\r\n"
                + "CSeq: " + cseq + " REGISTER\r\n"
                + (authorization == null ? "" : authorization + "\r\n")
                + "Contact: <sip:" + user + "@" + pipe.sentBy() + contactTransport()
                + ">;+sip.instance=\"<urn:uuid:" + instance + ">\";reg-id=1;expires=600\r\n"
                + "Expires: 600\r\n"
                + "Allow: INVITE,ACK,CANCEL,BYE,UPDATE,MESSAGE,OPTIONS,REFER,INFO,NOTIFY\r\n"
                + "Supported: path,gruu,outbound\r\n"
                + "User-Agent: webtrunk-warmup\r\n"
                + "Content-Length: 0\r\n\r\n";
    }

    private String invite(String ruri, String from, String callId, String branch, int cseq, String auth) {
        return "INVITE " + ruri + " SIP/2.0\r\n"
                + via(branch)
                + "Max-Forwards: 69\r\n"
                + "To: <" + ruri + ">\r\n"
                + "From: " + from + "\r\n"
                + "Call-ID: " + callId + "\r\n"
                + "CSeq: " + cseq + " INVITE\r\n"
                + auth
                + "Contact: <sip:caller@" + pipe.sentBy() + contactTransport() + ";ob>\r\n"
                + "Content-Type: application/sdp\r\n"
                + "Session-Expires: 90\r\n"
                + "Allow: INVITE,ACK,CANCEL,BYE,UPDATE,MESSAGE,OPTIONS,REFER,INFO,NOTIFY,SUBSCRIBE\r\n"
                + "Supported: timer,ice,replaces,outbound\r\n"
                + "User-Agent: webtrunk-warmup\r\n"
                + "Content-Length: " + OFFER.length() + "\r\n\r\n"
                + OFFER;
    }

    private String inDialog(String method, String ruri, List<String> routes, String to, String from, String callId,
                            int cseq, String branch) {
        StringBuilder b = new StringBuilder(512);
        b.append(method).append(' ').append(ruri).append(" SIP/2.0\r\n").append(via(branch));
        b.append("Max-Forwards: 69\r\n");
        if (!routes.isEmpty()) {
            b.append("Route: ").append(String.join(", ", routes)).append("\r\n");
        }
        b.append("To: ").append(to).append("\r\n");
        b.append("From: ").append(from).append("\r\n");
        b.append("Call-ID: ").append(callId).append("\r\n");
        b.append("CSeq: ").append(cseq).append(' ').append(method).append("\r\n");
        b.append("User-Agent: webtrunk-warmup\r\nContent-Length: 0\r\n\r\n");
        return b.toString();
    }

    private String via(String branch) {
        String rport = pipe.transport().startsWith("WS") ? "" : ";rport";
        return "Via: SIP/2.0/" + pipe.transport() + " " + pipe.sentBy() + ";branch=" + branch + rport + "\r\n";
    }

    private String contactTransport() {
        return switch (pipe.transport()) {
            case "UDP" -> "";
            case "TCP" -> ";transport=tcp";
            default -> ";transport=ws"; // JsSIP's, over wss too
        };
    }

    /** Waits for the final answer with this CSeq; provisional answers and other messages are skipped. */
    private WarmupMessage awaitFinal(String cseq, int expected) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + ANSWER_TIMEOUT_MS * 1_000_000;
        while (true) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            String text = left > 0 ? pipe.receive(left) : null;
            if (text == null) {
                throw new IOException("no answer to " + cseq + " within " + ANSWER_TIMEOUT_MS + " ms");
            }
            WarmupMessage m = WarmupMessage.of(text);
            if (m.status() >= 200 && cseq.equals(m.header("cseq"))) {
                if (m.status() != expected) {
                    throw new IOException(m.startLine() + " to " + cseq + ", expected " + expected);
                }
                return m;
            }
        }
    }

    /** The Digest answer to a challenge (RFC 2617 §3.2.2 with qop=auth, or without qop). */
    private static String digest(String challenge, EphemeralCredentials c, String method, String uri)
            throws IOException {
        if (challenge == null) {
            throw new IOException("a challenge without its header");
        }
        String realm = null;
        String nonce = null;
        String qop = null;
        String opaque = null;
        Matcher m = PARAM.matcher(challenge);
        while (m.find()) {
            String value = m.group(2) != null ? m.group(2) : m.group(3);
            switch (m.group(1).toLowerCase(java.util.Locale.ROOT)) {
                case "realm" -> realm = value;
                case "nonce" -> nonce = value;
                case "qop" -> qop = value;
                case "opaque" -> opaque = value;
                default -> { }
            }
        }
        if (realm == null || nonce == null) {
            throw new IOException("a challenge without realm or nonce: " + challenge);
        }
        boolean auth = qop != null && List.of(qop.split("\\s*,\\s*")).contains("auth");
        String cnonce = auth ? token() : null;
        String response = DigestClient.responseHex(DigestAlgorithm.MD5, c.username(), realm, c.password(), method,
                uri, nonce, auth ? "00000001" : null, cnonce, auth ? "auth" : null);
        StringBuilder b = new StringBuilder(256).append("Digest username=\"").append(c.username())
                .append("\", realm=\"").append(realm).append("\", nonce=\"").append(nonce)
                .append("\", uri=\"").append(uri).append("\", response=\"").append(response).append('"');
        if (auth) {
            b.append(", cnonce=\"").append(cnonce).append("\", nc=00000001, qop=auth");
        }
        if (opaque != null) {
            b.append(", opaque=\"").append(opaque).append('"');
        }
        return b.append(", algorithm=MD5").toString();
    }

    private static String uriOf(String nameAddr) throws IOException {
        if (nameAddr == null) {
            throw new IOException("a 200 without Contact");
        }
        int lt = nameAddr.indexOf('<');
        int gt = nameAddr.indexOf('>');
        return lt >= 0 && gt > lt ? nameAddr.substring(lt + 1, gt) : nameAddr.split(";")[0];
    }

    private static String branch() {
        return "z9hG4bK" + token();
    }

    private static String token() {
        return Long.toHexString(ThreadLocalRandom.current().nextLong());
    }
}
