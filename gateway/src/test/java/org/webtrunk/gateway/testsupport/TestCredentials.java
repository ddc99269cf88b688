package org.webtrunk.gateway.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.webtrunk.auth.EphemeralConfig;
import org.webtrunk.auth.EphemeralCredentialMinter;
import org.webtrunk.auth.EphemeralCredentials;

/** Gateway credentials for integration tests, signed with {@link RunningGateway#TEST_SECRET}. */
public final class TestCredentials {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TestCredentials() {
    }

    /** Credentials for {@code id} minted in process with the given clock, valid for {@code ttlSeconds}. */
    public static EphemeralCredentials mint(String id, Clock clock, long ttlSeconds) {
        return new EphemeralCredentialMinter(EphemeralConfig.of(List.of(RunningGateway.TEST_SECRET)), clock)
                .mint(id, ttlSeconds);
    }

    /** Credentials for {@code id} valid for an hour. */
    public static EphemeralCredentials mint(String id) {
        return mint(id, Clock.systemUTC(), 3600);
    }

    /** Credentials for {@code id} from {@code scripts/mint-credentials.sh}, as an operator mints them. */
    public static EphemeralCredentials fromScript(String id) throws IOException, InterruptedException {
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
            long expires = Long.parseLong(username.substring(0, username.indexOf(':')));
            return new EphemeralCredentials(username, json.get("password").asText(), id, expires,
                    json.get("ttl").asLong());
        } finally {
            p.destroyForcibly();
        }
    }
}
