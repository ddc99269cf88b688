package org.webtrunk.gateway.testsupport;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A SIPp 3.6 process running one scenario of {@code src/test/resources/sipp} against loopback,
 * with its message log in a temporary folder so a test can assert what the peer saw.
 *
 * <p>SIPp exit codes: {@value #EXIT_ALL_CALLS_OK} every call succeeded; {@value #EXIT_SOME_CALLS_FAILED}
 * at least one call failed (an unexpected message, or a {@code recv} timeout); {@value #EXIT_INTERNAL_COMMAND}
 * exit on an internal command or the global timeout; {@value #EXIT_NO_CALLS} normal exit with no call
 * processed; 255 (-1) fatal error; 254 (-2) fatal error binding a socket.
 *
 * <p>Always use try-with-resources: {@link #close()} kills a SIPp that is still running.
 */
public final class SippProcess implements AutoCloseable {

    public static final int EXIT_ALL_CALLS_OK = 0;
    public static final int EXIT_SOME_CALLS_FAILED = 1;
    public static final int EXIT_INTERNAL_COMMAND = 97;
    public static final int EXIT_NO_CALLS = 99;

    /** SIPp's {@code -t} modes: one UDP socket, one TCP connection, one TLS connection. */
    public enum Transport {
        UDP("u1"), TCP("t1"), TLS("l1");

        private final String flag;

        Transport(String flag) {
            this.flag = flag;
        }
    }

    private static final Pattern MESSAGE_START = Pattern.compile(
            "^(?:UDP|TCP|TLS|SCTP) message (sent|received)[^\\n]*\\n\\n", Pattern.MULTILINE);

    private final Process process;
    private final Path workDir;
    private final Path messageFile;
    private final Path outputFile;
    private final Path errorFile;
    private final List<String> command;

    private SippProcess(Process process, Path workDir, List<String> command) {
        this.process = process;
        this.workDir = workDir;
        this.messageFile = workDir.resolve("messages.log");
        this.outputFile = workDir.resolve("output.log");
        this.errorFile = workDir.resolve("errors.log");
        this.command = List.copyOf(command);
    }

    /** A builder for the scenario file {@code gateway/src/test/resources/sipp/<fileName>}. */
    public static Builder scenario(String fileName) {
        return new Builder(Tools.sippScenario(fileName));
    }

    /** A builder for a scenario file elsewhere (one a test wrote). */
    public static Builder scenario(Path file) {
        return new Builder(file);
    }

    /** Waits for SIPp to end by itself and returns its exit code (see the class comment). */
    public int awaitExit(Duration timeout) throws InterruptedException, TimeoutException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new TimeoutException("sipp still running after " + timeout + ": " + String.join(" ", command)
                    + "\n" + describe());
        }
        return process.exitValue();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Every SIP message SIPp sent or received so far, in order (SIPp flushes its log when it exits). */
    public List<Message> messages() {
        String log = read(messageFile);
        List<Message> messages = new ArrayList<>();
        Matcher m = MESSAGE_START.matcher(log);
        int start = -1;
        boolean received = false;
        while (m.find()) {
            if (start >= 0) {
                messages.add(new Message(received, trimEntry(log.substring(start, m.start()))));
            }
            received = "received".equals(m.group(1));
            start = m.end();
        }
        if (start >= 0) {
            messages.add(new Message(received, trimEntry(log.substring(start))));
        }
        return List.copyOf(messages);
    }

    /** The received messages whose start line begins with {@code prefix}, e.g. "INVITE " or "SIP/2.0 200". */
    public List<Message> received(String prefix) {
        return messages().stream().filter(Message::received).filter(msg -> msg.startLine().startsWith(prefix)).toList();
    }

    /** SIPp's screen output and error log, for assertion messages. */
    public String describe() {
        return "--- sipp output (" + workDir + ")\n" + tail(read(outputFile)) + "\n--- sipp errors\n" + tail(read(errorFile));
    }

    public Path workDir() {
        return workDir;
    }

    /** Kills SIPp if it still runs and waits for it to be gone (bounded). */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String trimEntry(String entry) {
        int separator = entry.lastIndexOf("\n-----------------------------------------------");
        String text = separator >= 0 ? entry.substring(0, separator) : entry;
        return text.strip();
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.ISO_8859_1).replace("\r\n", "\n") : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String tail(String text) {
        return text.length() <= 4000 ? text : "..." + text.substring(text.length() - 4000);
    }

    /** One SIP message from SIPp's log, with line ends normalised to LF. */
    public record Message(boolean received, String text) {

        public String startLine() {
            int end = text.indexOf('\n');
            return end < 0 ? text : text.substring(0, end);
        }

        /** The first value of header {@code name} (case-insensitive, long form only), or null. */
        public String header(String name) {
            String prefix = name.toLowerCase(Locale.ROOT) + ":";
            for (String line : headerBlock().split("\n")) {
                if (line.toLowerCase(Locale.ROOT).startsWith(prefix)) {
                    return line.substring(prefix.length()).strip();
                }
            }
            return null;
        }

        public boolean hasHeader(String name) {
            return header(name) != null;
        }

        /** Every header line with that name (a header repeated on several lines appears several times). */
        public List<String> headers(String name) {
            String prefix = name.toLowerCase(Locale.ROOT) + ":";
            return headerBlock().lines().filter(l -> l.toLowerCase(Locale.ROOT).startsWith(prefix))
                    .map(l -> l.substring(prefix.length()).strip()).toList();
        }

        public String body() {
            int end = text.indexOf("\n\n");
            return end < 0 ? "" : text.substring(end + 2);
        }

        private String headerBlock() {
            int end = text.indexOf("\n\n");
            return end < 0 ? text : text.substring(0, end);
        }
    }

    /** Options map one to one onto SIPp's command line; unset ones keep SIPp's defaults. */
    public static final class Builder {
        private final Path scenario;
        private boolean uas;
        private Transport transport = Transport.UDP;
        private String localIp = "127.0.0.1";
        private int localPort;
        private String remote;
        private String service;
        private List<List<String>> injection;
        private int calls = 1;
        private Integer rate;
        private Integer limit;
        private Duration callDuration;
        private Duration timeout = Duration.ofSeconds(30);
        private Integer lostPercent;
        private boolean traceStat;
        private final List<String> extraArgs = new ArrayList<>();

        private Builder(Path scenario) {
            this.scenario = scenario;
        }

        /** Server mode: SIPp waits for requests (trunk scenarios). */
        public Builder uas() {
            this.uas = true;
            return this;
        }

        /** Client mode (the default): SIPp sends to {@link #remote}. */
        public Builder uac() {
            this.uas = false;
            return this;
        }

        public Builder transport(Transport transport) {
            this.transport = Objects.requireNonNull(transport);
            return this;
        }

        /** {@code -i}; default 127.0.0.1. */
        public Builder localIp(String localIp) {
            this.localIp = Objects.requireNonNull(localIp);
            return this;
        }

        /** {@code -p}; required for a UAS, and a UAC the proxy trusts by port. 0 lets SIPp choose. */
        public Builder localPort(int localPort) {
            this.localPort = localPort;
            return this;
        }

        /** The proxy or gateway a UAC sends to (SIPp's positional remote host). */
        public Builder remote(String host, int port) {
            this.remote = host + ":" + port;
            return this;
        }

        /** {@code -s}: the request-URI user, e.g. the dialled number or the called user. */
        public Builder service(String service) {
            this.service = service;
            return this;
        }

        /** {@code -inf}: rows of injection fields, written as a SEQUENTIAL CSV ({@code field0;field1;...}). */
        public Builder injection(List<List<String>> rows) {
            this.injection = List.copyOf(rows);
            return this;
        }

        /** {@code -m}: stop after this many calls (default 1). */
        public Builder calls(int calls) {
            this.calls = calls;
            return this;
        }

        /** {@code -r}: calls per second. */
        public Builder rate(int callsPerSecond) {
            this.rate = callsPerSecond;
            return this;
        }

        /** {@code -l}: at most this many simultaneous calls. */
        public Builder limit(int simultaneousCalls) {
            this.limit = simultaneousCalls;
            return this;
        }

        /** {@code -d}: length of the scenarios' bare {@code <pause/>} (the call length). */
        public Builder callDuration(Duration duration) {
            this.callDuration = duration;
            return this;
        }

        /** {@code -timeout}: SIPp ends (exit 97 or 1) after this, a bound on the whole run; default 30 s. */
        public Builder timeout(Duration timeout) {
            this.timeout = Objects.requireNonNull(timeout);
            return this;
        }

        /** {@code -lost}: drop this percentage of packets SIPp would send or receive (a lossy trunk, UDP only). */
        public Builder lost(int percent) {
            this.lostPercent = percent;
            return this;
        }

        /** {@code -trace_stat}: a statistics CSV in the work folder. */
        public Builder traceStat() {
            this.traceStat = true;
            return this;
        }

        public Builder extraArgs(String... args) {
            this.extraArgs.addAll(List.of(args));
            return this;
        }

        public SippProcess start() throws IOException {
            Path sipp = Tools.require("sipp");
            if (!uas && remote == null) {
                throw new IllegalStateException("a UAC needs remote(host, port)");
            }
            Path workDir = Tools.newWorkDir("sipp-" + scenario.getFileName().toString().replace(".xml", "") + "-");
            List<String> cmd = new ArrayList<>(List.of(sipp.toString()));
            if (!uas) {
                cmd.add(remote);
            }
            cmd.addAll(List.of("-sf", scenario.toString(), "-t", transport.flag, "-i", localIp,
                    "-m", Integer.toString(calls), "-timeout", timeout.toMillis() + "ms", "-nostdin",
                    "-trace_msg", "-message_file", workDir.resolve("messages.log").toString(),
                    "-trace_err", "-error_file", workDir.resolve("errors.log").toString()));
            if (localPort > 0) {
                cmd.addAll(List.of("-p", Integer.toString(localPort)));
            }
            if (service != null) {
                cmd.addAll(List.of("-s", service));
            }
            if (injection != null) {
                Path csv = workDir.resolve("injection.csv");
                StringBuilder text = new StringBuilder("SEQUENTIAL\n");
                injection.forEach(row -> text.append(String.join(";", row)).append('\n'));
                Files.writeString(csv, text, StandardCharsets.US_ASCII);
                cmd.addAll(List.of("-inf", csv.toString()));
            }
            if (rate != null) {
                cmd.addAll(List.of("-r", rate.toString()));
            }
            if (limit != null) {
                cmd.addAll(List.of("-l", limit.toString()));
            }
            if (callDuration != null) {
                cmd.addAll(List.of("-d", Long.toString(callDuration.toMillis())));
            }
            if (lostPercent != null) {
                cmd.addAll(List.of("-lost", lostPercent.toString()));
            }
            if (traceStat) {
                cmd.addAll(List.of("-trace_stat", "-stf", workDir.resolve("stat.csv").toString()));
            }
            cmd.addAll(extraArgs);
            Process process = new ProcessBuilder(cmd).directory(workDir.toFile())
                    .redirectErrorStream(true).redirectOutput(workDir.resolve("output.log").toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            return new SippProcess(process, workDir, cmd);
        }
    }
}
