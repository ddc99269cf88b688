package org.webtrunk.gateway.protection.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.webtrunk.auth.EphemeralCredentials;
import org.webtrunk.gateway.testsupport.FreePorts;
import org.webtrunk.gateway.testsupport.JsSipClient;
import org.webtrunk.gateway.testsupport.RunningGateway;
import org.webtrunk.gateway.transport.Transport;

/**
 * Password guessing over WebSocket (fail2ban-like): a client answering each digest challenge (RFC 3261 §22.4)
 * with a wrong password is banned at the third wrong answer (not counting the unanswered first challenge), its
 * next connection is refused at accept, and a real JsSIP client with good credentials on another address still
 * registers.
 */
class PasswordGuessingIT {
    private static final String GUESSER = "127.0.0.5";
    private static final int MAX_FAILURES = 3;
    private static final Pattern PARAM = Pattern.compile("(\\w+)=\"([^\"]*)\"");

    @TempDir
    Path tmp;
    private RunningGateway gateway;

    @BeforeEach
    void start() {
        gateway = RunningGateway.start(tmp, EdgeTestSupport.config("127.0.0.3", FreePorts.tcpAndUdp(), """
                  auth-failures: {max-failures: %d, window: 60s, ban-time: 15m}
                """.formatted(MAX_FAILURES)));
    }

    @AfterEach
    void stop() {
        gateway.close();
    }

    @Test
    void guesserIsBannedAfterThreeWrongAnswersWhileARealClientRegisters() throws Exception {
        EphemeralCredentials mallory = EdgeTestSupport.mint("mallory");
        int wsPort = gateway.port(Transport.WS);
        try (BoundWebSocket ws = new BoundWebSocket(GUESSER, wsPort, Duration.ofSeconds(5))) {
            assertTrue(ws.upgrade().startsWith("HTTP/1.1 101 "));
            String challenge = register(ws, 1, null);
            assertTrue(challenge.startsWith("SIP/2.0 401 "), "the first REGISTER is challenged: " + challenge);
            for (int guess = 1; guess <= MAX_FAILURES; guess++) {
                assertTrue(EdgeTestSupport.ban(gateway, GUESSER).isEmpty(),
                        "not banned after " + (guess - 1) + " wrong answers (the unanswered challenge is no failure)");
                String answer = register(ws, guess + 1, wrongDigest(challenge, mallory.username(), "guess" + guess));
                assertTrue(answer.startsWith("SIP/2.0 401 "), "a wrong answer is challenged again: " + answer);
                challenge = answer;
            }
            JsonNode ban = EdgeTestSupport.awaitBan(gateway, GUESSER, Duration.ofSeconds(2));
            assertEquals("auth-failures", ban.get("reason").asText(), ban.toString());
            assertTrue(ban.get("remainingSeconds").asLong() > 14 * 60, ban.toString());

            ws.sendText(registerText(MAX_FAILURES + 2, wrongDigest(challenge, mallory.username(), "guess4")));
            assertTrue(ws.closedByServer(), "the banned peer's open connection is closed at its next request");
        }
        try (BoundWebSocket again = new BoundWebSocket(GUESSER, wsPort, Duration.ofSeconds(5))) {
            assertEquals("", again.upgrade(), "a new connection from the banned address gets no answer");
            assertTrue(again.closedByServer());
        }
        assertEquals(1.0, EdgeTestSupport.metric(gateway, "webtrunk_protection_bans_total",
                "reason=\"auth-failures\""));

        EphemeralCredentials alice = EdgeTestSupport.mint("alice");
        try (JsSipClient client = JsSipClient.builder(gateway.wsUrl(), "sip:alice@example.invalid")
                .credentials(alice.username(), alice.password()).maxRuntime(Duration.ofSeconds(30)).register()
                .start()) {
            Map<String, Object> registered = client.awaitEvent("registered", EdgeTestSupport.WAIT);
            assertEquals(200, registered.get("status_code"), "a client on another address registers: " + registered);
        }
    }

    /** Sends REGISTER number {@code cseq} (with {@code authorization} if not null) and returns the answer. */
    private static String register(BoundWebSocket ws, int cseq, String authorization) throws IOException {
        ws.sendText(registerText(cseq, authorization));
        String reply = ws.readText();
        assertNotNull(reply, "no answer to REGISTER " + cseq);
        return reply;
    }

    private static String registerText(int cseq, String authorization) {
        return "REGISTER sip:example.invalid SIP/2.0\r\n"
                + "Via: SIP/2.0/WS guess.invalid;branch=z9hG4bK-guess" + cseq + "-" + System.nanoTime() + "\r\n"
                + "Max-Forwards: 69\r\n"
                + "To: <sip:mallory@example.invalid>\r\n"
                + "From: <sip:mallory@example.invalid>;tag=guesser\r\n"
                + "Call-ID: guessing-call@edge-it\r\n"
                + "CSeq: " + cseq + " REGISTER\r\n"
                + "Contact: <sip:m4ll0ry@guess.invalid;transport=ws>;expires=300\r\n"
                + (authorization == null ? "" : "Authorization: " + authorization + "\r\n")
                + "Content-Length: 0\r\n\r\n";
    }

    /** A well-formed digest answer (MD5, qop=auth, RFC 2617 §3.2.2) to the 401's challenge with a wrong password. */
    private static String wrongDigest(String reply401, String username, String password) {
        String challenge = reply401.lines().filter(l -> l.startsWith("WWW-Authenticate:")).findFirst()
                .orElseThrow(() -> new AssertionError("no WWW-Authenticate in " + reply401));
        Matcher m = PARAM.matcher(challenge);
        String realm = null;
        String nonce = null;
        String opaque = null;
        while (m.find()) {
            switch (m.group(1)) {
                case "realm" -> realm = m.group(2);
                case "nonce" -> nonce = m.group(2);
                case "opaque" -> opaque = m.group(2);
                default -> { }
            }
        }
        String uri = "sip:example.invalid";
        String cnonce = "c0ffee";
        String ha1 = md5(username + ":" + realm + ":" + password);
        String ha2 = md5("REGISTER:" + uri);
        String response = md5(ha1 + ":" + nonce + ":00000001:" + cnonce + ":auth:" + ha2);
        return "Digest algorithm=MD5, username=\"" + username + "\", realm=\"" + realm + "\", nonce=\"" + nonce
                + "\", uri=\"" + uri + "\", response=\"" + response + "\", opaque=\"" + opaque
                + "\", qop=auth, cnonce=\"" + cnonce + "\", nc=00000001";
    }

    private static String md5(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
