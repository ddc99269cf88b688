package org.webtrunk.gateway.testsupport;

import java.nio.file.Path;
import java.util.Map;
import org.webtrunk.gateway.Gateway;
import org.webtrunk.gateway.config.ConfigLoader;
import org.webtrunk.gateway.config.GatewayConfig;
import org.webtrunk.gateway.transport.Transport;

/**
 * The real gateway, started from YAML on free loopback ports (every listener on port 0), for
 * integration tests. {@code extraYaml} is appended to the generated listener section, so a test adds
 * tenants, trunks or limits; it must not repeat the {@code listeners} or {@code admin} sections.
 */
public final class RunningGateway implements AutoCloseable {
    public static final String TEST_SECRET = "integration-test-gateway-secret-0123456789";

    private final Gateway gateway;
    private final GatewayConfig config;

    private RunningGateway(GatewayConfig config) {
        this.config = config;
        this.gateway = new Gateway(config);
        gateway.start();
    }

    public static RunningGateway start(Path workDir, String extraYaml) {
        return start(workDir, extraYaml, Map.of("WEBTRUNK_GATEWAY_SECRET", TEST_SECRET));
    }

    public static RunningGateway start(Path workDir, String extraYaml, Map<String, String> env) {
        return start(workDir, extraYaml, env, 1);
    }

    /** The same with {@code listeners.udp.threads} set. */
    public static RunningGateway start(Path workDir, String extraYaml, int udpThreads) {
        return start(workDir, extraYaml, Map.of("WEBTRUNK_GATEWAY_SECRET", TEST_SECRET), udpThreads);
    }

    private static RunningGateway start(Path workDir, String extraYaml, Map<String, String> env, int udpThreads) {
        String tls = workDir.resolve("tls").toString();
        String yaml = """
                listeners:
                  ws: {host: 127.0.0.1, port: 0, handshake-timeout: 2s}
                  wss: {host: 127.0.0.1, port: 0, tls: {self-signed-dir: "%1$s"}}
                  udp: {host: 127.0.0.1, port: 0, threads: %2$d}
                  tcp: {host: 127.0.0.1, port: 0}
                  tls: {host: 127.0.0.1, port: 0, tls: {self-signed-dir: "%1$s"}}
                admin: {host: 127.0.0.1, port: 0}
                """.formatted(tls, udpThreads) + extraYaml;
        GatewayConfig config = ConfigLoader.parse(yaml, "test-config.yaml", workDir, env::get);
        return new RunningGateway(config);
    }

    public Gateway gateway() {
        return gateway;
    }

    public GatewayConfig config() {
        return config;
    }

    public int port(Transport transport) {
        return gateway.port(transport);
    }

    public String wsUrl() {
        return "ws://127.0.0.1:" + port(Transport.WS) + "/";
    }

    public String wssUrl() {
        return "wss://127.0.0.1:" + port(Transport.WSS) + "/";
    }

    public int adminPort() {
        return gateway.adminPort();
    }

    /** The Prometheus text of {@code /metrics}, read in-process. */
    public String scrape() {
        return gateway.metrics().scrape();
    }

    /** The sum of the samples of metric {@code name} whose labels contain {@code labels} (empty: all). */
    public double metric(String name, String labels) {
        return sum(scrape(), name, labels);
    }

    /** The same over a Prometheus text, 0 when there is no such sample. */
    public static double sum(String prometheusText, String name, String labels) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                "^" + java.util.regex.Pattern.quote(name) + "(\\{[^}]*\\})?\\s+(\\S+)",
                java.util.regex.Pattern.MULTILINE).matcher(prometheusText);
        double total = 0;
        while (m.find()) {
            String l = m.group(1) == null ? "" : m.group(1);
            if (l.contains(labels)) {
                total += Double.parseDouble(m.group(2));
            }
        }
        return total;
    }

    @Override
    public void close() {
        gateway.close();
    }
}
