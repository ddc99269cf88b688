package org.webtrunk.gateway.testsupport;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Kamailio 5.6 in the foreground with {@code src/test/resources/kamailio/ws-proxy.cfg}: the proxy
 * WebTrunk replaces, used to check the test peers (and as the benchmark reference). It listens on
 * 127.0.0.1 only: SIP over UDP and TCP on {@link #sipPort()}, WebSocket on {@link #wsPort()};
 * calls to numbers go to the trunk, which it trusts by address.
 */
public final class KamailioProcess implements AutoCloseable {

    private static final Pattern PLACEHOLDER = Pattern.compile("@@[A-Z_]+@@");

    private final Process process;
    private final Path workDir;
    private final int sipPort;
    private final int wsPort;

    private KamailioProcess(Process process, Path workDir, int sipPort, int wsPort) {
        this.process = process;
        this.workDir = workDir;
        this.sipPort = sipPort;
        this.wsPort = wsPort;
    }

    public static Builder builder() {
        return new Builder();
    }

    public int sipPort() {
        return sipPort;
    }

    public int wsPort() {
        return wsPort;
    }

    /** The URL JsSIP connects to. */
    public String wsUrl() {
        return "ws://127.0.0.1:" + wsPort + "/";
    }

    /** Kamailio's log (stderr), for assertion messages. */
    public String log() {
        try {
            String log = Files.readString(workDir.resolve("kamailio.log"));
            return log.length() <= 8000 ? log : "..." + log.substring(log.length() - 8000);
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** SIGTERM (Kamailio then stops its children), then SIGKILL for whatever is left after 5 s. */
    @Override
    public void close() {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (ProcessHandle child : children) {
            child.destroyForcibly();
        }
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The values for the @@NAME@@ placeholders of ws-proxy.cfg. */
    public static final class Builder {
        private int sipPort;
        private int wsPort;
        private String trunkHost = "127.0.0.1";
        private int trunkPort;
        private String secret;
        private String realm = "webtrunk.test";
        private int children = 2;
        private int debugLevel = 2;
        private Duration startTimeout = Duration.ofSeconds(15);

        private Builder() {
        }

        public Builder sipPort(int port) {
            this.sipPort = port;
            return this;
        }

        public Builder wsPort(int port) {
            this.wsPort = port;
            return this;
        }

        public Builder trunk(String host, int port) {
            this.trunkHost = Objects.requireNonNull(host);
            this.trunkPort = port;
            return this;
        }

        /** The auth_ephemeral shared secret (passwords are base64(HMAC-SHA1(secret, username))). */
        public Builder secret(String secret) {
            this.secret = Objects.requireNonNull(secret);
            return this;
        }

        public Builder realm(String realm) {
            this.realm = Objects.requireNonNull(realm);
            return this;
        }

        /** UDP and TCP worker processes each (the benchmark reference used 2). */
        public Builder children(int children) {
            this.children = children;
            return this;
        }

        /** Kamailio's debug level: 2 info (default), 3 debug. */
        public Builder debugLevel(int level) {
            this.debugLevel = level;
            return this;
        }

        /** Starts Kamailio and returns once it answers an OPTIONS on its UDP port. */
        public KamailioProcess start() throws IOException, InterruptedException {
            if (sipPort == 0 || wsPort == 0 || trunkPort == 0 || secret == null) {
                throw new IllegalStateException("sipPort, wsPort, trunk and secret are required");
            }
            Path kamailio = Tools.require("kamailio");
            Path modules = Tools.kamailioModules();
            Path workDir = Tools.newWorkDir("kamailio-");
            Map<String, String> values = new LinkedHashMap<>();
            values.put("SIP_PORT", Integer.toString(sipPort));
            values.put("WS_PORT", Integer.toString(wsPort));
            values.put("TRUNK_HOST", trunkHost);
            values.put("TRUNK_PORT", Integer.toString(trunkPort));
            values.put("SECRET", secret);
            values.put("REALM", realm);
            values.put("MPATH", modules + "/");
            values.put("CHILDREN", Integer.toString(children));
            values.put("DEBUG", Integer.toString(debugLevel));
            String cfg = Files.readString(Tools.testResource("kamailio/ws-proxy.cfg"));
            for (Map.Entry<String, String> e : values.entrySet()) {
                cfg = cfg.replace("@@" + e.getKey() + "@@", e.getValue());
            }
            if (PLACEHOLDER.matcher(cfg).find()) {
                throw new IllegalStateException("unfilled placeholder in ws-proxy.cfg");
            }
            Path cfgFile = workDir.resolve("kamailio.cfg");
            Files.writeString(cfgFile, cfg);
            List<String> cmd = new ArrayList<>(List.of(kamailio.toString(), "-f", cfgFile.toString(),
                    "-DD", "-E", "-n", Integer.toString(children), "-Y", workDir.toString(),
                    "-P", workDir.resolve("kamailio.pid").toString(), "-m", "64", "-M", "8"));
            Process process = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectErrorStream(true)
                    .redirectOutput(workDir.resolve("kamailio.log").toFile()).start();
            KamailioProcess started = new KamailioProcess(process, workDir, sipPort, wsPort);
            try {
                awaitOptions(started);
            } catch (IOException | InterruptedException | RuntimeException e) {
                started.close();
                throw e;
            }
            return started;
        }

        private void awaitOptions(KamailioProcess k) throws IOException, InterruptedException {
            long deadline = System.nanoTime() + startTimeout.toNanos();
            InetSocketAddress target = new InetSocketAddress(InetAddress.getLoopbackAddress(), sipPort);
            try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
                socket.setSoTimeout(200);
                byte[] options = ("OPTIONS sip:127.0.0.1:" + sipPort + " SIP/2.0\r\n"
                        + "Via: SIP/2.0/UDP 127.0.0.1:" + socket.getLocalPort() + ";branch=z9hG4bK-ready;rport\r\n"
                        + "From: <sip:probe@127.0.0.1>;tag=ready\r\nTo: <sip:127.0.0.1:" + sipPort + ">\r\n"
                        + "Call-ID: ready-" + System.nanoTime() + "\r\nCSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\n"
                        + "Content-Length: 0\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
                byte[] buffer = new byte[4096];
                while (System.nanoTime() < deadline) {
                    if (!k.process.isAlive()) {
                        throw new IllegalStateException("kamailio exited with " + k.process.exitValue() + ":\n" + k.log());
                    }
                    socket.send(new DatagramPacket(options, options.length, target));
                    try {
                        DatagramPacket reply = new DatagramPacket(buffer, buffer.length);
                        socket.receive(reply);
                        if (new String(buffer, 0, reply.getLength(), StandardCharsets.US_ASCII).startsWith("SIP/2.0 200")) {
                            return;
                        }
                    } catch (SocketTimeoutException notYet) {
                        // Workers still starting.
                    }
                }
            }
            throw new IllegalStateException("kamailio did not answer OPTIONS within " + startTimeout + ":\n" + k.log());
        }
    }
}
