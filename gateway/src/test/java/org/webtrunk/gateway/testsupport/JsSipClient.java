package org.webtrunk.gateway.testsupport;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real JsSIP 3.13 user agent in Node ({@code gateway/src/test/js/jssip-client.mjs}), the browser
 * side of RFC 7118 in integration tests. Every JsSIP event arrives as one JSON line and is kept in
 * order; {@link #awaitEvent} hands out each event once, so a test can wait for "registered" and
 * later for "confirmed" whatever the interleaving.
 *
 * <p>Events: connected, disconnected{error,code}, registered{status_code,contacts,expires},
 * registrationFailed{cause,status_code}, unregistered{status_code,cause}, incoming{from,call_id},
 * progress{originator,status_code}, accepted, confirmed{originator,call_id},
 * ended{originator,cause,call_id}, failed{originator,cause,status_code,call_id}, error{reason},
 * noIncoming (quit with expectIncoming but no call came in; exit code 4), timeout (max runtime reached;
 * exit code 3), exit{code}. Every event also has {@code ts} (epoch ms).
 */
public final class JsSipClient implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> EVENT = new TypeReference<>() {
    };

    private final Process process;
    private final Writer control;
    private final Path stderrFile;
    private final List<Map<String, Object>> events = new ArrayList<>();
    private final List<Boolean> taken = new ArrayList<>();
    private final List<String> noise = new ArrayList<>();

    private JsSipClient(Process process, Path stderrFile) {
        this.process = process;
        this.stderrFile = stderrFile;
        this.control = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(this::readEvents, "jssip-client-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    /** A client for the WebSocket URL (ws:// or wss://) with the SIP address of record {@code uri}. */
    public static Builder builder(String wsUrl, String uri) {
        return new Builder(wsUrl, uri);
    }

    /**
     * Waits for the first event named {@code name} not yet returned by this method and returns it.
     *
     * @throws AssertionError if none arrives in time (the message lists every event seen and JsSIP's stderr)
     */
    public Map<String, Object> awaitEvent(String name, Duration timeout) throws InterruptedException {
        return pollEvent(name, timeout).orElseThrow(() -> new AssertionError(
                "no '" + name + "' event from JsSIP within " + timeout + "; events: " + events() + "\n" + describe()));
    }

    /** Like {@link #awaitEvent} but empty on timeout, for asserting that something does not happen. */
    public synchronized Optional<Map<String, Object>> pollEvent(String name, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (int i = 0; i < events.size(); i++) {
                if (!taken.get(i) && name.equals(events.get(i).get("event"))) {
                    taken.set(i, true);
                    return Optional.of(events.get(i));
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return Optional.empty();
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    /** Every event received so far, in order. */
    public synchronized List<Map<String, Object>> events() {
        return List.copyOf(events);
    }

    /** Sends a control line: call NUMBER, hangup, answer, reject [CODE], register, unregister,
     *  set-credentials USER PASSWORD, quit. */
    public void send(String controlLine) {
        try {
            control.write(controlLine + "\n");
            control.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("JsSIP client is gone: " + describe(), e);
        }
    }

    /** SIGKILL: the browser vanishes without closing its WebSocket cleanly (the kernel still sends FIN). */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Waits for the client to exit by itself (after quit, --duration-ms or its max runtime). */
    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("JsSIP client still running after " + timeout);
        }
        return process.exitValue();
    }

    /** JsSIP's stderr (its debug log when started with {@link Builder#debug()}) and stray stdout lines. */
    public String describe() {
        String err;
        try {
            err = Files.exists(stderrFile) ? Files.readString(stderrFile) : "";
        } catch (IOException e) {
            err = e.toString();
        }
        if (err.length() > 8000) {
            err = "..." + err.substring(err.length() - 8000);
        }
        synchronized (this) {
            return "--- jssip stderr (" + stderrFile + ")\n" + err + (noise.isEmpty() ? "" : "\n--- stdout noise\n" + noise);
        }
    }

    /** Asks the client to quit (un-REGISTER, end calls), then kills it if it has not gone within 3 s. */
    @Override
    public void close() {
        try {
            if (process.isAlive()) {
                try {
                    send("quit");
                } catch (UncheckedIOException alreadyGone) {
                    // Fall through to the kill.
                }
                process.waitFor(3, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (process.isAlive()) {
                process.destroyForcibly();
                try {
                    process.waitFor(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    private void readEvents() {
        try (BufferedReader in = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                Map<String, Object> event = parse(line);
                synchronized (this) {
                    if (event != null && event.get("event") instanceof String) {
                        events.add(event);
                        taken.add(false);
                    } else if (noise.size() < 200) {
                        noise.add(line);
                    }
                    notifyAll();
                }
            }
        } catch (IOException ignored) {
            // The process ended; waiters time out with the events they have.
        }
    }

    private static Map<String, Object> parse(String line) {
        if (!line.startsWith("{")) {
            return null;
        }
        try {
            return JSON.readValue(line, EVENT);
        } catch (IOException e) {
            return null;
        }
    }

    /** Command-line options of jssip-client.mjs. */
    public static final class Builder {
        private final List<String> args = new ArrayList<>();
        private Duration maxRuntime = Duration.ofSeconds(60);
        private boolean debug;

        private Builder(String wsUrl, String uri) {
            option("--ws", wsUrl);
            option("--uri", uri);
        }

        /** Digest credentials (for WebTrunk: the ephemeral username "expiry:id" and its password). */
        public Builder credentials(String user, String password) {
            return option("--user", user).option("--password", password);
        }

        public Builder realm(String realm) {
            return option("--realm", realm);
        }

        public Builder displayName(String displayName) {
            return option("--display-name", displayName);
        }

        /** REGISTER as soon as the WebSocket is connected. */
        public Builder register() {
            return flag("--register");
        }

        public Builder registerExpires(int seconds) {
            return option("--register-expires", Integer.toString(seconds));
        }

        /** Call this number (or user) as soon as the WebSocket is connected. */
        public Builder call(String target) {
            return option("--call", target);
        }

        /** Hang up every call this long after it is confirmed. */
        public Builder hangupAfter(Duration delay) {
            return option("--hangup-after-ms", Long.toString(delay.toMillis()));
        }

        /** Answer incoming calls at once. */
        public Builder answer() {
            return flag("--answer");
        }

        /** On quit, report "noIncoming" and exit 4 if no call came in. */
        public Builder expectIncoming() {
            return flag("--expect-incoming");
        }

        /** Quit gracefully (un-REGISTER, end calls) after this long. */
        public Builder duration(Duration duration) {
            return option("--duration-ms", Long.toString(duration.toMillis()));
        }

        /** Hard bound on the client's life (default 60 s); it then emits "timeout" and exits 3. */
        public Builder maxRuntime(Duration maxRuntime) {
            this.maxRuntime = Objects.requireNonNull(maxRuntime);
            return this;
        }

        /** Accept a self-signed wss certificate. */
        public Builder insecure() {
            return flag("--insecure");
        }

        /** Leave out Session-Expires/Supported: timer (RFC 4028). */
        public Builder noSessionTimers() {
            return flag("--no-session-timers");
        }

        /** JsSIP's debug log, including every SIP message, to stderr (see {@link JsSipClient#describe()}). */
        public Builder debug() {
            this.debug = true;
            return this;
        }

        public JsSipClient start() throws IOException {
            Path node = Tools.require("node");
            Path script = Tools.jssipClientScript();
            List<String> cmd = new ArrayList<>(List.of(node.toString(), script.toString()));
            cmd.addAll(args);
            cmd.addAll(List.of("--max-runtime-ms", Long.toString(maxRuntime.toMillis())));
            Path stderr = Tools.newWorkDir("jssip-client-").resolve("stderr.log");
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(script.getParent().toFile())
                    .redirectError(stderr.toFile());
            if (debug) {
                pb.environment().put("JSSIP_DEBUG", "1");
            }
            return new JsSipClient(pb.start(), stderr);
        }

        private Builder option(String name, String value) {
            args.add(name);
            args.add(Objects.requireNonNull(value, name));
            return this;
        }

        private Builder flag(String name) {
            args.add(name);
            return this;
        }
    }
}
