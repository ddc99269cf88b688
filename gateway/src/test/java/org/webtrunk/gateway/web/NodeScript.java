package org.webtrunk.gateway.web;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.webtrunk.gateway.testsupport.Tools;

/**
 * One run of a Node script of {@code gateway/src/test/js} to its end, bounded: stdout and stderr go to files in a
 * work folder, stdout's JSON lines are the script's events. Whatever the script started (Chromium) is killed
 * with it when it overruns.
 */
final class NodeScript {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> EVENT = new TypeReference<>() {
    };

    /** What a finished run printed. */
    record Result(int exitCode, List<Map<String, Object>> events, String stdout, String stderr) {
        Optional<Map<String, Object>> event(String name) {
            return events.stream().filter(e -> name.equals(e.get("event"))).findFirst();
        }

        String describe() {
            String err = stderr.length() > 6000 ? "..." + stderr.substring(stderr.length() - 6000) : stderr;
            return "exit " + exitCode + "\n--- stdout\n" + stdout + "\n--- stderr\n" + err;
        }
    }

    private NodeScript() {
    }

    /** The folder of the test scripts, after checking that the npm packages they import are installed. */
    static Path jsDir(String... packages) {
        Path js = Tools.repoRoot().resolve("gateway/src/test/js");
        for (String p : packages) {
            if (!Files.isDirectory(js.resolve("node_modules").resolve(p))) {
                throw new IllegalStateException(js.resolve("node_modules") + " lacks " + p
                        + ": run scripts/install-test-deps.sh");
            }
        }
        return js;
    }

    static Result run(Path workDir, Duration timeout, String script, String... args)
            throws IOException, InterruptedException {
        Path node = Tools.require("node");
        List<String> cmd = new ArrayList<>(List.of(node.toString(), script));
        cmd.addAll(List.of(args));
        String name = script.replace(".mjs", "");
        Path out = workDir.resolve(name + ".out");
        Path err = workDir.resolve(name + ".err");
        Process p = new ProcessBuilder(cmd).directory(jsDir().toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError(script + " still running after " + timeout + "\n" + read(err));
            }
        } finally {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(5, TimeUnit.SECONDS);
        }
        String stdout = read(out);
        List<Map<String, Object>> events = new ArrayList<>();
        for (String line : stdout.split("\n")) {
            if (line.startsWith("{")) {
                events.add(JSON.readValue(line, EVENT));
            }
        }
        return new Result(p.exitValue(), List.copyOf(events), stdout, read(err));
    }

    private static String read(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    }
}
