package org.webtrunk.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * User story: credentials minted by {@code scripts/mint-credentials.sh} are accepted by a real Kamailio 5.6
 * auth_ephemeral (the system WebTrunk replaces), in both username formats and with SHA-1 and SHA-256, and
 * expired or forged ones are refused. SIPp plays the client; everything runs on 127.0.0.1 with free ports.
 */
class KamailioInteropIT {
    private static final Path KAMAILIO = Path.of("/usr/sbin/kamailio");
    private static final Path SIPP = Path.of("/usr/bin/sipp");
    private static final Path MINT = Path.of("..", "scripts", "mint-credentials.sh").toAbsolutePath().normalize();
    private static final String SECRET = "kamailio_rules-" + Long.toHexString(System.nanoTime());

    @TempDir
    Path dir;

    @BeforeAll
    static void requirePeers() {
        Assumptions.assumeTrue(Files.isExecutable(KAMAILIO), "kamailio not installed: " + KAMAILIO
                + " (apt-get install kamailio kamailio-autheph-modules)");
        Assumptions.assumeTrue(Files.isExecutable(SIPP), "sipp not installed: " + SIPP + " (apt-get install sip-tester)");
        assertTrue(Files.isRegularFile(MINT), "missing " + MINT);
    }

    @ParameterizedTest(name = "format={0} hmac={1}")
    @CsvSource({"timestamp-first, sha1", "id-first, sha1", "timestamp-first, sha256", "id-first, sha256"})
    void mintedCredentialsRegister(String format, String hmac) throws Exception {
        UsernameFormat f = UsernameFormat.parse(format);
        HmacAlgorithm h = HmacAlgorithm.parse(hmac);
        String[] creds = mint(SECRET, "acme.alice", 60, format, hmac);
        assertTrue(creds[0].startsWith(f == UsernameFormat.ID_FIRST ? "acme.alice:" : ""), creds[0]);
        try (Kamailio k = Kamailio.start(dir, f, h)) {
            assertEquals(0, sipp("register-ok.xml", k.port, creds), "SIPp expected 200 OK; see " + dir);
            assertTrue(k.waitForLog("autheph accepted"), "kamailio did not log the acceptance");
        }
    }

    @Test
    void expiredCredentialsAreRefused() throws Exception {
        String[] creds = mint(SECRET, "acme.alice", 1, "timestamp-first", "sha1");
        long expires = Long.parseLong(creds[0].substring(0, creds[0].indexOf(':')));
        // Kamailio refuses when now > expiry: wait until the next second after it has passed
        while (System.currentTimeMillis() / 1000 <= expires) {
            Thread.sleep(100);
        }
        try (Kamailio k = Kamailio.start(dir, UsernameFormat.TIMESTAMP_FIRST, HmacAlgorithm.SHA1)) {
            assertEquals(0, sipp("register-refused.xml", k.port, creds), "SIPp expected 401/403; see " + dir);
        }
    }

    @Test
    void forgedCredentialsAreRefused() throws Exception {
        String[] creds = mint("not-the-secret", "acme.alice", 60, "timestamp-first", "sha1");
        try (Kamailio k = Kamailio.start(dir, UsernameFormat.TIMESTAMP_FIRST, HmacAlgorithm.SHA1)) {
            assertEquals(0, sipp("register-refused.xml", k.port, creds), "SIPp expected 401/403; see " + dir);
        }
    }

    @Test
    void credentialsForTheOtherHmacAreRefused() throws Exception {
        String[] creds = mint(SECRET, "acme.alice", 60, "timestamp-first", "sha256");
        try (Kamailio k = Kamailio.start(dir, UsernameFormat.TIMESTAMP_FIRST, HmacAlgorithm.SHA1)) {
            assertEquals(0, sipp("register-refused.xml", k.port, creds), "SIPp expected 401/403; see " + dir);
        }
    }

    /** Runs the real script (secret via $WEBTRUNK_SECRET, as documented) and returns {username, password}. */
    private String[] mint(String secret, String id, long ttl, String format, String hmac) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", MINT.toString(), "--id", id, "--ttl", Long.toString(ttl),
                "--format", format, "--hmac", hmac);
        pb.environment().put("WEBTRUNK_SECRET", secret);
        pb.redirectErrorStream(false);
        pb.redirectError(dir.resolve("mint.err").toFile());
        Process p = pb.start();
        try {
            String out;
            try (InputStream in = p.getInputStream()) {
                out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            assertTrue(p.waitFor(180, TimeUnit.SECONDS), "mint-credentials.sh hung");
            assertEquals(0, p.exitValue(), () -> "mint-credentials.sh failed: " + read(dir.resolve("mint.err")));
            Matcher m = Pattern.compile("^\\{\"username\":\"([^\"]+)\",\"password\":\"([^\"]+)\",\"ttl\":" + ttl + "}\\s*$").matcher(out);
            assertTrue(m.matches(), "unexpected output: " + out);
            return new String[] {m.group(1), m.group(2)};
        } finally {
            p.destroyForcibly();
        }
    }

    private int sipp(String scenario, int kamailioPort, String[] creds) throws Exception {
        copyResource(scenario, dir.resolve(scenario));
        Files.writeString(dir.resolve("creds.csv"), "SEQUENTIAL\n" + creds[0] + ";" + creds[1] + ";\n");
        List<String> cmd = new ArrayList<>(List.of(SIPP.toString(), "127.0.0.1:" + kamailioPort,
                "-sf", scenario, "-inf", "creds.csv", "-m", "1", "-timeout", "10s", "-timeout_error",
                "-i", "127.0.0.1", "-p", Integer.toString(freeUdpPort()), "-nostdin", "-trace_err", "-trace_msg"));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(dir.resolve("sipp.out").toFile()).start();
        try {
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "sipp did not finish");
            return p.exitValue();
        } finally {
            p.destroyForcibly();
        }
    }

    static int freeUdpPort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static void copyResource(String name, Path to) throws IOException {
        try (InputStream in = KamailioInteropIT.class.getResourceAsStream("/kamailio/" + name)) {
            if (in == null) {
                throw new IOException("missing test resource kamailio/" + name);
            }
            Files.write(to, in.readAllBytes());
        }
    }

    static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return "(unreadable " + p + ")";
        }
    }

    /** One Kamailio in the foreground on a free loopback port, stopped on close. */
    static final class Kamailio implements AutoCloseable {
        final int port;
        private final Process process;
        private final Path log;

        private Kamailio(int port, Process process, Path log) {
            this.port = port;
            this.process = process;
            this.log = log;
        }

        static Kamailio start(Path dir, UsernameFormat format, HmacAlgorithm hmac) throws Exception {
            int port = freeUdpPort();
            String template = new String(KamailioInteropIT.class.getResourceAsStream("/kamailio/kamailio-autheph.cfg")
                    .readAllBytes(), StandardCharsets.UTF_8);
            String cfg = template;
            for (Map.Entry<String, String> e : Map.of("@PORT@", Integer.toString(port), "@SECRET@", SECRET,
                    "@USERNAME_FORMAT@", Integer.toString(format.kamailioCode()),
                    "@SHA_ALGORITHM@", Integer.toString(hmac.kamailioCode())).entrySet()) {
                cfg = cfg.replace(e.getKey(), e.getValue());
            }
            Path cfgFile = dir.resolve("kamailio.cfg");
            Files.writeString(cfgFile, cfg);
            Path log = dir.resolve("kamailio.log");
            // -DD: no daemon, -E: log to stderr, -Y/-w: runtime and working dir in the temp dir (no /run/kamailio
            // needed, even as root), -n 1: one UDP worker
            Process p = new ProcessBuilder(KAMAILIO.toString(), "-f", cfgFile.toString(), "-DD", "-E", "-n", "1",
                    "-Y", dir.toString(), "-w", dir.toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            Kamailio k = new Kamailio(port, p, log);
            try {
                k.awaitReady();
                return k;
            } catch (Exception | AssertionError e) {
                k.close();
                throw e;
            }
        }

        /** Sends OPTIONS until Kamailio answers (405 from the script), at most 10 s. */
        private void awaitReady() throws Exception {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
                s.setSoTimeout(200);
                int i = 0;
                while (System.nanoTime() < deadline) {
                    assertTrue(process.isAlive(), () -> "kamailio exited: " + read(log));
                    String options = "OPTIONS sip:probe@127.0.0.1:" + port + " SIP/2.0\r\n"
                            + "Via: SIP/2.0/UDP 127.0.0.1:" + s.getLocalPort() + ";branch=z9hG4bK-probe" + i + "\r\n"
                            + "From: <sip:probe@127.0.0.1>;tag=p" + i + "\r\nTo: <sip:probe@127.0.0.1>\r\n"
                            + "Call-ID: probe-" + i + "\r\nCSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n";
                    byte[] b = options.getBytes(StandardCharsets.US_ASCII);
                    s.send(new DatagramPacket(b, b.length, InetAddress.getLoopbackAddress(), port));
                    try {
                        DatagramPacket reply = new DatagramPacket(new byte[2048], 2048);
                        s.receive(reply);
                        if (new String(reply.getData(), 0, reply.getLength(), StandardCharsets.US_ASCII).startsWith("SIP/2.0 405")) {
                            return;
                        }
                    } catch (SocketTimeoutException e) {
                        i++;
                    }
                }
            }
            throw new AssertionError("kamailio not ready within 10 s: " + read(log));
        }

        boolean waitForLog(String text) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (System.nanoTime() < deadline) {
                if (read(log).contains(text)) {
                    return true;
                }
                Thread.sleep(50);
            }
            return false;
        }

        @Override
        public void close() throws InterruptedException {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
