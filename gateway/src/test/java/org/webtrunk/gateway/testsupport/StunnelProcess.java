package org.webtrunk.gateway.testsupport;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A TLS front for a peer that speaks only TCP (Debian's SIPp has no TLS): Debian's {@code stunnel4} accepts TLS on
 * a loopback port with a given certificate, optionally demands a client certificate signed by a given file, and
 * relays each connection in plain TCP to another loopback port. Real TLS (OpenSSL) on the wire to the gateway.
 */
public final class StunnelProcess implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);

    private final Process process;
    private final Path log;

    private StunnelProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /**
     * Starts stunnel and waits until it accepts on {@code acceptPort}.
     *
     * @param server       the certificate and key it shows
     * @param clientCaFile when not null, a client must show a certificate that this file's certificates verify
     */
    public static StunnelProcess start(int acceptPort, int connectPort, TestCertificates.Identity server,
                                       Path clientCaFile) throws IOException, InterruptedException {
        Path stunnel = Tools.require("stunnel4");
        Path dir = Tools.newWorkDir("stunnel-");
        Path log = dir.resolve("stunnel.log");
        StringBuilder conf = new StringBuilder()
                .append("foreground = yes\npid =\nsyslog = no\ndebug = info\n")
                .append("output = ").append(log).append('\n')
                .append("[trunk]\n")
                .append("accept = 127.0.0.1:").append(acceptPort).append('\n')
                .append("connect = 127.0.0.1:").append(connectPort).append('\n')
                .append("cert = ").append(server.certificate()).append('\n')
                .append("key = ").append(server.privateKey()).append('\n');
        if (clientCaFile != null) {
            conf.append("CAfile = ").append(clientCaFile).append("\nverifyChain = yes\nrequireCert = yes\n");
        }
        Path confFile = dir.resolve("stunnel.conf");
        Files.writeString(confFile, conf, StandardCharsets.US_ASCII);
        Process p = new ProcessBuilder(List.of(stunnel.toString(), confFile.toString())).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(dir.resolve("output.log").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        StunnelProcess s = new StunnelProcess(p, log);
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!s.accepts(acceptPort)) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                s.close();
                throw new IllegalStateException("stunnel did not start on port " + acceptPort + ": " + s.logText());
            }
            Thread.sleep(50);
        }
        return s;
    }

    private boolean accepts(int port) {
        try (Socket probe = new Socket()) {
            probe.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** stunnel's own log: accepted connections, handshake failures and why. */
    public String logText() {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.ISO_8859_1) : "";
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }

    /** Handshakes that resumed an earlier session, so showed no certificate to be checked (from the log). */
    public int sessionsResumed() {
        return logText().split("previous session reused", -1).length - 1;
    }

    /** Full handshakes the front completed (from the log). */
    public int sessionsNegotiated() {
        return logText().split("new session negotiated", -1).length - 1;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
    }
}
