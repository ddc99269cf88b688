package org.webtrunk.gateway;

import java.nio.file.Path;
import java.time.Clock;
import java.util.StringJoiner;
import java.util.concurrent.CountDownLatch;
import org.webtrunk.gateway.config.ConfigException;
import org.webtrunk.gateway.config.ConfigLoader;
import org.webtrunk.gateway.config.GatewayConfig;
import org.webtrunk.gateway.token.TokenServer;
import org.webtrunk.gateway.warmup.Warmup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Command line entry point: {@code --config FILE} (default {@code config/webtrunk.yaml}),
 * {@code --check-config} to validate and exit, {@code --token-service-only} to run only the token service (on the
 * {@code listeners.ws} host and port, see {@link TokenServiceOnly}). The only place that reads the process
 * environment.
 */
public final class Main {
    private static final Logger log = LoggerFactory.getLogger(Main.class);

    private Main() {
    }

    public static void main(String[] args) throws InterruptedException {
        Path configFile = Path.of("config/webtrunk.yaml");
        boolean checkOnly = false;
        boolean tokenServiceOnly = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--config" -> {
                    if (i + 1 >= args.length) {
                        usage("--config needs a file");
                    }
                    configFile = Path.of(args[++i]);
                }
                case "--check-config" -> checkOnly = true;
                case "--token-service-only" -> tokenServiceOnly = true;
                case "-h", "--help" -> {
                    System.out.println(USAGE);
                    return;
                }
                default -> usage("unknown argument: " + args[i]);
            }
        }
        GatewayConfig config;
        try {
            config = ConfigLoader.load(configFile, System::getenv);
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        if (checkOnly) {
            System.out.println(configFile + ": OK");
            return;
        }
        if (tokenServiceOnly) {
            runTokenServiceOnly(config);
            return;
        }
        if (config.warmup().enabled()) {
            warmUp(config);
        }
        Gateway gateway = new Gateway(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("stopping");
            gateway.close();
            stopped.countDown();
        }, "shutdown"));
        try {
            gateway.start();
        } catch (RuntimeException e) {
            log.error("failed to start: {}", e.getMessage());
            System.exit(1);
        }
        stopped.await();
    }

    /** "UDP 1213, TCP 972, WS 769": calls per transport, so an operator sees which paths were compiled. */
    private static String byTransport(Warmup.Result r) {
        StringJoiner j = new StringJoiner(", ");
        r.callsByTransport().forEach((t, n) -> j.add(t + " " + n));
        return j.length() == 0 ? "none" : j.toString();
    }

    /** Compiles the request path on synthetic traffic first; a failed warm-up only costs the first callers time. */
    private static void warmUp(GatewayConfig config) throws InterruptedException {
        log.info("warm-up: {} ms of synthetic REGISTERs and calls through a private gateway on loopback, before the "
                + "listeners open (warmup.duration)", config.warmup().duration().toMillis());
        try {
            Warmup.Result r = Warmup.run(config, config.warmup().duration());
            if (r.failures() == 0) {
                log.info("warm-up done in {} ms: {} REGISTERs and {} calls ({})", r.took().toMillis(),
                        r.registrations(), r.calls(), byTransport(r));
            } else {
                log.warn("warm-up done in {} ms: {} REGISTERs and {} calls ({}), {} failed (last: {})",
                        r.took().toMillis(), r.registrations(), r.calls(), byTransport(r),
                        r.failures(), r.lastFailure());
            }
        } catch (RuntimeException e) {
            log.warn("warm-up failed, starting without it: {}", e.getMessage());
        }
    }

    private static void runTokenServiceOnly(GatewayConfig config) throws InterruptedException {
        TokenServer server;
        try {
            server = TokenServiceOnly.start(config, Clock.systemUTC());
        } catch (RuntimeException e) {
            log.error("failed to start the token service: {}", e.getMessage());
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("stopping");
            server.close();
            stopped.countDown();
        }, "shutdown"));
        stopped.await();
    }

    private static final String USAGE = "usage: run.sh [--config FILE] [--check-config] [--token-service-only]";

    private static void usage(String problem) {
        System.err.println(problem);
        System.err.println(USAGE);
        System.exit(2);
    }
}
