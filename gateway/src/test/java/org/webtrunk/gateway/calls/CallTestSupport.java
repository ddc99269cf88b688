package org.webtrunk.gateway.calls;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.webtrunk.auth.EphemeralConfig;
import org.webtrunk.auth.EphemeralCredentialMinter;
import org.webtrunk.auth.EphemeralCredentials;
import org.webtrunk.gateway.testsupport.RunningGateway;
import org.webtrunk.gateway.testsupport.SippProcess;
import org.webtrunk.gateway.testsupport.Tools;

/** Credentials, config snippets and assertions shared by the call acceptance tests. */
final class CallTestSupport {
    /** Bound on any one step a user would wait for (a REGISTER, a call setup, a hang-up). */
    static final Duration WAIT = Duration.ofSeconds(10);
    /** A number the default test tenant owns (numbers: "*"). */
    static final String NUMBER = "15551234567";

    private static final ObjectMapper JSON = new ObjectMapper();

    private CallTestSupport() {
    }

    /** One UDP trunk {@code t1} at {@code trunkPort} and the default tenant {@code demo} dialling anything on it. */
    static String oneTrunk(int trunkPort) {
        return """
                trunks:
                  - name: t1
                    targets: [{uri: "sip:127.0.0.1:%d;transport=udp", priority: 1}]
                tenants:
                  - {id: demo, default: true, numbers: ["*"], trunks: [t1]}
                """.formatted(trunkPort);
    }

    /** Credentials for {@code id} minted with the gateway's secret, valid for an hour. */
    static EphemeralCredentials mint(String id) {
        return minter(Clock.systemUTC()).mint(id, 3600);
    }

    /** Correctly signed credentials for {@code id} that expired an hour ago. */
    static EphemeralCredentials expired(String id) {
        Clock twoHoursAgo = Clock.fixed(Instant.now().minus(Duration.ofHours(2)), ZoneOffset.UTC);
        return minter(twoHoursAgo).mint(id, 3600);
    }

    /** Credentials for {@code id} from {@code scripts/mint-credentials.sh}, as an operator would mint them. */
    static EphemeralCredentials mintWithScript(String id) throws IOException, InterruptedException {
        Path root = Tools.repoRoot();
        ProcessBuilder pb = new ProcessBuilder("bash", root.resolve("scripts/mint-credentials.sh").toString(),
                "--id", id, "--ttl", "3600").directory(root.toFile()).redirectErrorStream(true);
        pb.environment().put("WEBTRUNK_SECRET", RunningGateway.TEST_SECRET);
        Process p = pb.start();
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                throw new AssertionError("mint-credentials.sh still running after 60 s");
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (p.exitValue() != 0) {
                throw new AssertionError("mint-credentials.sh exited " + p.exitValue() + ": " + out);
            }
            JsonNode json = JSON.readTree(out.substring(out.lastIndexOf('{')));
            String username = json.get("username").asText();
            long ttl = json.get("ttl").asLong();
            long expires = Long.parseLong(username.substring(0, username.indexOf(':')));
            return new EphemeralCredentials(username, json.get("password").asText(), id, expires, ttl);
        } finally {
            p.destroyForcibly();
        }
    }

    /** An injection row for the caller scenarios: digest username, password, From user. */
    static List<String> injectionRow(EphemeralCredentials c, String fromUser) {
        return List.of(c.username(), c.password(), fromUser);
    }

    /** The requests the trunk received that still carry caller credentials (must be none). */
    static List<SippProcess.Message> withCredentials(SippProcess trunk) {
        return trunk.messages().stream().filter(SippProcess.Message::received)
                .filter(m -> m.hasHeader("Proxy-Authorization") || m.hasHeader("Authorization")).toList();
    }

    private static EphemeralCredentialMinter minter(Clock clock) {
        return new EphemeralCredentialMinter(EphemeralConfig.of(List.of(RunningGateway.TEST_SECRET)), clock);
    }
}
