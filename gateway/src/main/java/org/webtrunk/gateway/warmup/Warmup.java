package org.webtrunk.gateway.warmup;

import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.webtrunk.auth.EphemeralConfig;
import org.webtrunk.auth.EphemeralCredentialMinter;
import org.webtrunk.gateway.Gateway;
import org.webtrunk.gateway.config.AuthConfig;
import org.webtrunk.gateway.config.ConfigLoader;
import org.webtrunk.gateway.config.GatewayConfig;
import org.webtrunk.gateway.config.TlsConfig;
import org.webtrunk.gateway.config.WebSocketListenerConfig;
import org.webtrunk.gateway.transport.Transport;

/**
 * Before the real listeners open, drives synthetic browser callers (UDP; TCP and WebSocket, a new connection every
 * {@value #CALLS_PER_CONNECTION} calls; and, when the real gateway has it, secure WebSocket with its certificate, a
 * new connection per call) and a trunk through a private gateway on loopback ports, for a set time. The JIT
 * compiles the request path on that traffic, so the first real callers are not the ones who wait for it: a cold
 * JVM answered the first second of a burst 0.3-1.4 s late (docs/benchmarks-history.md, "Stop 23"). The private
 * gateway has its own secret, tenant, tables and metrics, and is closed before the real one starts; only compiled
 * code carries over.
 */
public final class Warmup {
    private static final String TENANT = "warmup";
    private static final String NUMBER = "+15550100";
    /** A transport whose flows fail this often stops: the warm-up must never hold the start-up back for long. */
    private static final int MAX_FAILURES = 20;
    /**
     * Calls per TCP and WebSocket connection. A new WebSocket per call spent the warm-up's WebSocket caller on
     * handshakes (250-370 calls in 5 s); reusing it for 20 gave 640-820, and in six alternating pairs the first
     * 2,000 ringing WebSocket calls after the start had the lower p99 every time (42-58 ms against 62-97;
     * docs/benchmarks-history.md, "Stop 35").
     */
    static final int CALLS_PER_CONNECTION = 20;

    /**
     * What the warm-up did: {@code callsByTransport} holds the transports that carried at least one call, in the
     * order they were started; {@code lastFailure} is null when nothing failed.
     */
    public record Result(int registrations, Map<String, Integer> callsByTransport, int failures, String lastFailure,
                         Duration took) {
        public int calls() {
            return callsByTransport.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    private Warmup() {
    }

    /**
     * Runs the warm-up for {@code duration} with the real config's UDP thread count. Failed flows are counted,
     * not thrown; a private gateway that cannot start throws as a real one would.
     */
    public static Result run(GatewayConfig real, Duration duration) throws InterruptedException {
        long started = System.nanoTime();
        byte[] random = new byte[16];
        new SecureRandom().nextBytes(random);
        String secret = HexFormat.of().formatHex(random);
        ExecutorService callers = Executors.newFixedThreadPool(4, new DefaultThreadFactory("warm-up-caller", true));
        ExecutorService httpExecutor = Executors.newSingleThreadExecutor(new DefaultThreadFactory("warm-up-ws", true));
        try (WarmupTrunk trunk = WarmupTrunk.start()) {
            WebSocketListenerConfig wss = real.listeners().wss();
            String yaml = yaml(real.listeners().udp().threads(), wss.enabled() ? wss.tls() : null, trunk.port());
            GatewayConfig config = ConfigLoader.parse(yaml, "the warm-up's built-in config", Path.of("."),
                    name -> AuthConfig.SECRET_ENV.equals(name) ? secret : null);
            Gateway gateway = new Gateway(config);
            gateway.start();
            Counts total = new Counts();
            try {
                EphemeralCredentialMinter minter = new EphemeralCredentialMinter(
                        new EphemeralConfig(List.of(secret), config.auth().hmac(), config.auth().usernameFormat()),
                        Clock.systemUTC());
                HttpClient http = HttpClient.newBuilder().executor(httpExecutor).sslContext(TrustOwnListener.context())
                        .connectTimeout(Duration.ofSeconds(2)).build();
                long deadline = System.nanoTime() + duration.toNanos(); // from when the copy is up
                List<Future<Counts>> running = new ArrayList<>();
                running.add(callers.submit(() -> drive(() -> new UdpPipe(gateway.port(Transport.UDP)),
                        Integer.MAX_VALUE, minter, deadline)));
                running.add(callers.submit(() -> drive(() -> new TcpPipe(gateway.port(Transport.TCP)),
                        CALLS_PER_CONNECTION, minter, deadline)));
                running.add(callers.submit(() -> drive(() -> new WsPipe(http, gateway.port(Transport.WS), false),
                        CALLS_PER_CONNECTION, minter, deadline)));
                if (wss.enabled()) {
                    running.add(callers.submit(() -> drive(() -> new WsPipe(http, gateway.port(Transport.WSS), true),
                            1, minter, deadline)));
                }
                for (Future<Counts> f : running) {
                    total.add(result(f, deadline));
                }
            } finally {
                gateway.close();
            }
            return new Result(total.registrations, Collections.unmodifiableMap(total.callsByTransport), total.failures,
                    total.lastFailure, Duration.ofNanos(System.nanoTime() - started));
        } catch (IOException e) {
            throw new IllegalStateException("warm-up trunk: " + e.getMessage(), e);
        } finally {
            callers.shutdownNow();
            httpExecutor.shutdownNow();
            callers.awaitTermination(5, TimeUnit.SECONDS);
            httpExecutor.awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    /** Runs register-then-call rounds on pipes from {@code open}, each used for {@code roundsPerPipe} rounds. */
    private static Counts drive(PipeFactory open, int roundsPerPipe, EphemeralCredentialMinter minter, long deadline)
            throws InterruptedException {
        Counts counts = new Counts();
        SipPipe pipe = null;
        WarmupCaller caller = null;
        int used = 0;
        int round = 0;
        try {
            while (System.nanoTime() < deadline && counts.failures < MAX_FAILURES) {
                try {
                    if (pipe == null) {
                        pipe = open.open();
                        caller = new WarmupCaller(pipe, NUMBER);
                        used = 0;
                    }
                    var credentials = minter.mint(TENANT + ".u" + (round++ % 16), 600);
                    caller.register(credentials);
                    counts.registrations++;
                    caller.call(credentials);
                    counts.callsByTransport.merge(pipe.transport(), 1, Integer::sum);
                    if (++used >= roundsPerPipe) {
                        pipe.close();
                        pipe = null;
                    }
                } catch (IOException | RuntimeException e) {
                    counts.failures++;
                    counts.lastFailure = e.getMessage();
                    if (pipe != null) {
                        pipe.close(); // a late answer must not be read as the next flow's
                        pipe = null;
                    }
                }
            }
        } finally {
            if (pipe != null) {
                pipe.close();
            }
        }
        return counts;
    }

    private static Counts result(Future<Counts> f, long deadline) throws InterruptedException {
        long wait = Math.max(0, deadline - System.nanoTime()) + TimeUnit.SECONDS.toNanos(15);
        try {
            return f.get(wait, TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            return Counts.failed(String.valueOf(e.getCause()));
        } catch (TimeoutException e) {
            f.cancel(true);
            return Counts.failed("a caller did not finish in time");
        }
    }

    /**
     * Loopback only, limits raised for the one source address, no admin, token service or demo; T4 at its floor,
     * since closing waits for the BYEs' client transactions (Timer K) to end.
     */
    static String yaml(int udpThreads, TlsConfig wssTls, int trunkPort) {
        return """
                listeners:
                  ws: {host: 127.0.0.1, port: 0, path: /}
                  wss: %s
                  udp: {host: 127.0.0.1, port: 0, threads: %d}
                  tcp: {host: 127.0.0.1, port: 0}
                  tls: {enabled: false}
                admin: {enabled: false}
                auth: {realm: %s}
                trunks:
                  - name: warmup-trunk
                    targets: [{uri: "sip:127.0.0.1:%d;transport=udp"}]
                tenants:
                  - id: %s
                    numbers: ["*"]
                    trunks: [warmup-trunk]
                protection:
                  flood: {max-requests: 1000000}
                  scanner: {max-unknown-numbers: 1000000}
                  limits:
                    requests-per-second: 1000000
                    request-burst: 1000000
                    calls-per-second-per-tenant: 1000000
                    registrations-per-credential: 1000000
                token-service: {enabled: false}
                demo: {enabled: false}
                proxy: {t4: 1s}
                warmup: {duration: 0s}
                """.formatted(wss(wssTls), udpThreads, WarmupCaller.DOMAIN, trunkPort, TENANT);
    }

    /** The real WSS listener's certificate (its self-signed one is made here if it does not exist yet). */
    private static String wss(TlsConfig tls) {
        if (tls == null) {
            return "{enabled: false}";
        }
        String files = tls.selfSigned()
                ? "self-signed-dir: " + quoted(tls.selfSignedDir())
                : "certificate: " + quoted(tls.certificateFile()) + ", private-key: " + quoted(tls.privateKeyFile());
        return "{host: 127.0.0.1, port: 0, path: /, tls: {" + files + "}}";
    }

    private static String quoted(Path p) {
        return "'" + p.toAbsolutePath().toString().replace("'", "''") + "'";
    }

    @FunctionalInterface
    private interface PipeFactory {
        SipPipe open() throws IOException;
    }

    private static final class Counts {
        int registrations;
        final Map<String, Integer> callsByTransport = new LinkedHashMap<>();
        int failures;
        String lastFailure;

        static Counts failed(String why) {
            Counts c = new Counts();
            c.failures = 1;
            c.lastFailure = why;
            return c;
        }

        void add(Counts other) {
            registrations += other.registrations;
            other.callsByTransport.forEach((t, n) -> callsByTransport.merge(t, n, Integer::sum));
            failures += other.failures;
            if (other.lastFailure != null) {
                lastFailure = other.lastFailure;
            }
        }
    }
}
