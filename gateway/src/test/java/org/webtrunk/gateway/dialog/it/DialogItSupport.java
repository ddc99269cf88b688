package org.webtrunk.gateway.dialog.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.webtrunk.auth.EphemeralConfig;
import org.webtrunk.auth.EphemeralCredentialMinter;
import org.webtrunk.auth.EphemeralCredentials;
import org.webtrunk.gateway.Gateway;
import org.webtrunk.gateway.config.ConfigLoader;
import org.webtrunk.gateway.config.GatewayConfig;
import org.webtrunk.gateway.testsupport.RunningGateway;
import org.webtrunk.gateway.testsupport.SippProcess;
import org.webtrunk.gateway.transport.Transport;

/** Gateway set-up, credentials and trunk-log reading shared by the dialog acceptance tests. */
final class DialogItSupport {
    /** Bound on any one step a user would wait for (a call setup, a hang-up). */
    static final Duration WAIT = Duration.ofSeconds(10);
    /** A number the test tenant owns (numbers: "*"). */
    static final String NUMBER = "15551234567";

    private static final Pattern TRACE_ENTRY = Pattern.compile(
            "-{40,} (\\d{4}-\\d\\d-\\d\\d\\s+\\d\\d:\\d\\d:\\d\\d\\.\\d+)[^\\n]*\\n(?:UDP|TCP) message received \\[\\d+\\] bytes :\\s*\\n\\s*(\\S+) ");

    private DialogItSupport() {
    }

    /** One UDP trunk {@code t} at {@code trunkPort}, the default tenant {@code demo} dialling anything on it. */
    static String oneTrunk(int trunkPort) {
        return """
                trunks: [{name: t, targets: [{uri: "sip:127.0.0.1:%d;transport=udp"}]}]
                tenants: [{id: demo, default: true, numbers: ["*"], trunks: [t]}]
                """.formatted(trunkPort);
    }

    /** Credentials for {@code id} minted with the gateway's secret, valid for ten minutes. */
    static EphemeralCredentials mint(String id) {
        return new EphemeralCredentialMinter(EphemeralConfig.of(List.of(RunningGateway.TEST_SECRET)), Clock.systemUTC())
                .mint(id, 600);
    }

    /**
     * The real gateway on free loopback ports, like {@link RunningGateway#start} but with WebSocket listener
     * options of our own ({@code wsOptions}, e.g. {@code "ping-interval: 1s, idle-timeout: 3s"}), which
     * RunningGateway's fixed listener section cannot take.
     */
    static Gateway startGateway(Path workDir, String wsOptions, String extraYaml) {
        String yaml = """
                listeners:
                  ws: {host: 127.0.0.1, port: 0, handshake-timeout: 2s%s}
                  wss: {enabled: false}
                  udp: {host: 127.0.0.1, port: 0}
                  tcp: {enabled: false}
                  tls: {enabled: false}
                admin: {host: 127.0.0.1, port: 0}
                """.formatted(wsOptions.isBlank() ? "" : ", " + wsOptions) + extraYaml;
        GatewayConfig config = ConfigLoader.parse(yaml, "dialog-it.yaml", workDir,
                java.util.Map.of("WEBTRUNK_GATEWAY_SECRET", RunningGateway.TEST_SECRET)::get);
        Gateway gateway = new Gateway(config);
        gateway.start();
        return gateway;
    }

    static String wsUrl(Gateway gateway) {
        return "ws://127.0.0.1:" + gateway.port(Transport.WS) + "/";
    }

    /** GET on the loopback admin API; the body. */
    static String adminGet(Gateway gateway, String path) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + gateway.adminPort() + path)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new AssertionError("GET " + path + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }

    /** The value of a Prometheus counter line {@code name{labels} value}, 0 when absent. */
    static double metric(Gateway gateway, String name, String labels) {
        String prefix = name + "{" + labels;
        for (String line : gateway.metrics().scrape().split("\n")) {
            if (line.startsWith(prefix)) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return 0;
    }

    /**
     * When SIPp received each request with method {@code method}, from its {@code -trace_msg} log (local
     * time stamps, read after SIPp exited, since it flushes the log then).
     */
    static List<Instant> receivedAt(SippProcess sipp, String method) throws IOException {
        Path log = sipp.workDir().resolve("messages.log");
        String text = Files.readString(log, StandardCharsets.ISO_8859_1).replace("\r\n", "\n");
        List<Instant> out = new ArrayList<>();
        Matcher m = TRACE_ENTRY.matcher(text);
        while (m.find()) {
            if (m.group(2).equals(method)) {
                String stamp = m.group(1).replaceAll("\\s+", " ");
                out.add(parseStamp(stamp).atZone(ZoneId.systemDefault()).toInstant());
            }
        }
        return out;
    }

    private static LocalDateTime parseStamp(String stamp) {
        String[] parts = stamp.split(" ");
        String time = parts[1];
        int dot = time.indexOf('.');
        String frac = (time.substring(dot + 1) + "000000000").substring(0, 9);
        return LocalDateTime.parse(parts[0] + "T" + time.substring(0, dot) + "." + frac);
    }
}
