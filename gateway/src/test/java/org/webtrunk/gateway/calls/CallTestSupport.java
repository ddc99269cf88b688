package org.webtrunk.gateway.calls;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.webtrunk.auth.EphemeralConfig;
import org.webtrunk.auth.EphemeralCredentialMinter;
import org.webtrunk.auth.EphemeralCredentials;
import org.webtrunk.gateway.testsupport.RunningGateway;
import org.webtrunk.gateway.testsupport.TestCredentials;
import org.webtrunk.gateway.testsupport.SippProcess;

/** Credentials, config snippets and assertions shared by the call acceptance tests. */
final class CallTestSupport {
    /** Bound on any one step a user would wait for (a REGISTER, a call setup, a hang-up). */
    static final Duration WAIT = Duration.ofSeconds(10);
    /** A number the default test tenant owns (numbers: "*"). */
    static final String NUMBER = "15551234567";

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

    /** Credentials for {@code id} from {@code scripts/mint-credentials.sh}, as an operator mints them. */
    static EphemeralCredentials mintWithScript(String id) throws IOException, InterruptedException {
        return TestCredentials.fromScript(id);
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
