package org.webtrunk.gateway.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * Locates the external peers integration tests need (sipp, kamailio, node, the JsSIP client).
 * {@code scripts/install-test-deps.sh} installs them, so a missing tool fails the test with a
 * clear message; only with the environment variable {@code WEBTRUNK_ALLOW_SKIP=1} (a developer
 * machine without them) is the test skipped instead.
 */
public final class Tools {

    /** Environment variable that turns a missing tool into a skipped test. */
    public static final String ALLOW_SKIP_ENV = "WEBTRUNK_ALLOW_SKIP";

    private static final List<String> EXTRA_DIRS = List.of("/usr/sbin", "/usr/local/sbin", "/sbin", "/usr/local/bin");
    private static final List<String> KAMAILIO_MODULE_DIRS = List.of(
            "/usr/lib/x86_64-linux-gnu/kamailio/modules", "/usr/lib/aarch64-linux-gnu/kamailio/modules",
            "/usr/lib64/kamailio/modules", "/usr/lib/kamailio/modules", "/usr/local/lib64/kamailio/modules",
            "/usr/local/lib/kamailio/modules");
    private static final String JS_DIR = "gateway/src/test/js";

    private Tools() {
    }

    /**
     * The executable {@code binary} from PATH (plus the sbin folders, where kamailio lives).
     * Fails, or skips when {@value #ALLOW_SKIP_ENV}=1, when it is missing.
     */
    public static Path require(String binary) {
        List<String> dirs = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            dirs.addAll(List.of(path.split(":")));
        }
        dirs.addAll(EXTRA_DIRS);
        for (String dir : dirs) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Paths.get(dir, binary);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return missing(binary + " is not installed");
    }

    /** The Kamailio module folder holding websocket.so and auth_ephemeral.so. */
    public static Path kamailioModules() {
        for (String dir : KAMAILIO_MODULE_DIRS) {
            Path candidate = Paths.get(dir);
            if (Files.isRegularFile(candidate.resolve("websocket.so"))
                    && Files.isRegularFile(candidate.resolve("auth_ephemeral.so"))) {
                return candidate;
            }
        }
        return missing("Kamailio modules websocket.so and auth_ephemeral.so are not installed");
    }

    /** The repository root: the nearest folder above the working directory holding gateway/src/test/js. */
    public static Path repoRoot() {
        for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve(JS_DIR))) {
                return dir;
            }
        }
        throw new IllegalStateException("no folder above " + Paths.get("").toAbsolutePath() + " holds " + JS_DIR);
    }

    /** The JsSIP test client script, after checking that its node_modules were installed. */
    public static Path jssipClientScript() {
        Path js = repoRoot().resolve(JS_DIR);
        if (!Files.isDirectory(js.resolve("node_modules/jssip")) || !Files.isDirectory(js.resolve("node_modules/ws"))) {
            return missing(js.resolve("node_modules") + " lacks jssip/ws (npm ci)");
        }
        return js.resolve("jssip-client.mjs");
    }

    /** A file of gateway/src/test/resources/sipp. */
    public static Path sippScenario(String fileName) {
        return testResource("sipp/" + fileName);
    }

    /** A file of gateway/src/test/resources, read from the source tree so edits need no rebuild. */
    public static Path testResource(String relative) {
        Path file = repoRoot().resolve("gateway/src/test/resources").resolve(relative);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no test resource " + file);
        }
        return file;
    }

    /**
     * A new folder under gateway/target/test-peers for one peer's config, logs and message traces:
     * kept after the run for post-mortems, removed by {@code mvn clean}.
     */
    public static Path newWorkDir(String prefix) throws IOException {
        Path base = repoRoot().resolve("gateway/target/test-peers");
        Files.createDirectories(base);
        return Files.createTempDirectory(base, prefix);
    }

    private static <T> T missing(String what) {
        String message = what + ": run scripts/install-test-deps.sh (set " + ALLOW_SKIP_ENV + "=1 to skip instead)";
        if ("1".equals(System.getenv(ALLOW_SKIP_ENV))) {
            Assumptions.abort(message);
        }
        throw new IllegalStateException(message);
    }
}
