package org.webtrunk.gateway.protection.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.webtrunk.auth.EphemeralConfig;
import org.webtrunk.auth.EphemeralCredentialMinter;
import org.webtrunk.auth.EphemeralCredentials;
import org.webtrunk.gateway.testsupport.RunningGateway;
import org.webtrunk.gateway.testsupport.TestCredentials;

/**
 * Shared by the edge protection acceptance tests: config snippets, credentials, the admin API and
 * {@code /metrics} as an operator reads them, and SIP messages sent from a chosen 127.x.y.z source
 * (Linux routes all of 127/8 to the loopback interface, so each address is a distinct peer).
 */
final class EdgeTestSupport {
    /** Bound on any one step a user would wait for. */
    static final Duration WAIT = Duration.ofSeconds(10);
    /** A number the default test tenant owns (numbers: "*"). */
    static final String NUMBER = "15551234567";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private EdgeTestSupport() {
    }

    /**
     * Trunk {@code t} on UDP at {@code host:port}, the default tenant dialling anything on it, and the trunk's
     * address allow-listed (trunks belong on the allow-list), followed by {@code protection} (YAML lines indented
     * by two spaces under {@code protection:}).
     */
    static String config(String trunkHost, int trunkPort, String protection) {
        return """
                trunks:
                  - name: t
                    targets: [{uri: "sip:%1$s:%2$d;transport=udp"}]
                tenants:
                  - {id: demo, default: true, numbers: ["*"], trunks: [t]}
                protection:
                  allow-list: ["%1$s"]
                """.formatted(trunkHost, trunkPort) + protection;
    }

    /** Credentials for {@code id} minted with the test gateway's secret, valid for an hour. */
    static EphemeralCredentials mint(String id) {
        return new EphemeralCredentialMinter(EphemeralConfig.of(List.of(RunningGateway.TEST_SECRET)),
                Clock.systemUTC()).mint(id, 3600);
    }

    /** Credentials for {@code id} from {@code scripts/mint-credentials.sh}, as an operator mints them. */
    static EphemeralCredentials mintWithScript(String id) throws IOException, InterruptedException {
        return TestCredentials.fromScript(id);
    }

    /** GET on the admin listener; the body as JSON. */
    static JsonNode adminGet(RunningGateway gateway, String path) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(adminUri(gateway, path)).timeout(WAIT).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new AssertionError("GET " + path + " answered " + r.statusCode() + ": " + r.body());
        }
        return JSON.readTree(r.body());
    }

    /** The current ban of {@code address} from {@code GET /admin/bans}, if any. */
    static Optional<JsonNode> ban(RunningGateway gateway, String address) throws IOException, InterruptedException {
        for (JsonNode b : adminGet(gateway, "/admin/bans")) {
            if (address.equals(b.get("address").asText())) {
                return Optional.of(b);
            }
        }
        return Optional.empty();
    }

    /** Polls {@code GET /admin/bans} every 50 ms until {@code address} is banned; fails after {@code timeout}. */
    static JsonNode awaitBan(RunningGateway gateway, String address, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<JsonNode> b = ban(gateway, address);
            if (b.isPresent()) {
                return b.get();
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(address + " not banned within " + timeout + "; bans: "
                        + adminGet(gateway, "/admin/bans"));
            }
            Thread.sleep(50);
        }
    }

    /** Polls until {@code address} is no longer banned; fails after {@code timeout}. */
    static void awaitUnban(RunningGateway gateway, String address, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (ban(gateway, address).isPresent()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(address + " still banned after " + timeout);
            }
            Thread.sleep(100);
        }
    }

    private static URI adminUri(RunningGateway gateway, String path) {
        return URI.create("http://127.0.0.1:" + gateway.adminPort() + path);
    }

    /**
     * The sum of every sample of Prometheus metric {@code name} in {@code GET /metrics} whose labels contain
     * {@code labels} (e.g. {@code reason="banned"}; empty for all), 0 when there is none.
     */
    static double metric(RunningGateway gateway, String name, String labels) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(adminUri(gateway, "/metrics")).timeout(WAIT)
                .build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new AssertionError("GET /metrics answered " + r.statusCode());
        }
        return RunningGateway.sum(r.body(), name, labels);
    }

    /** An OPTIONS to the gateway itself (no user part, a health probe) as a UDP peer at {@code local} sends it. */
    static byte[] options(InetSocketAddress local, int gatewayPort, String callId) {
        String host = local.getAddress().getHostAddress();
        return ("OPTIONS sip:127.0.0.1:" + gatewayPort + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP " + host + ":" + local.getPort() + ";branch=z9hG4bK-" + callId + "\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:probe@" + host + ">;tag=" + callId + "\r\n"
                + "To: <sip:127.0.0.1:" + gatewayPort + ">\r\n"
                + "Call-ID: " + callId + "@edge-it\r\n"
                + "CSeq: 1 OPTIONS\r\n"
                + "Content-Length: 0\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Sends one OPTIONS over UDP from {@code sourceIp} and returns the status line of the answer, or null if none
     * came within {@code timeout} (sent up to three times, like a UDP client's retransmissions).
     */
    static String udpOptionsStatus(String sourceIp, int gatewayPort, Duration timeout) throws IOException {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(sourceIp), 0))) {
            InetSocketAddress gw = new InetSocketAddress("127.0.0.1", gatewayPort);
            byte[] req = options((InetSocketAddress) s.getLocalSocketAddress(), gatewayPort,
                    "probe" + System.nanoTime());
            s.setSoTimeout((int) Math.max(1, timeout.toMillis() / 3));
            byte[] buf = new byte[4096];
            for (int attempt = 0; attempt < 3; attempt++) {
                s.send(new DatagramPacket(req, req.length, gw));
                try {
                    DatagramPacket reply = new DatagramPacket(buf, buf.length);
                    s.receive(reply);
                    String text = new String(reply.getData(), 0, reply.getLength(), StandardCharsets.US_ASCII);
                    return text.substring(0, Math.max(0, text.indexOf("\r\n")));
                } catch (SocketTimeoutException e) {
                    // no answer yet: retransmit
                }
            }
            return null;
        }
    }
}
