package org.webtrunk.gateway.config;

import java.time.Duration;

/**
 * The warm-up a started process runs before its listeners open: synthetic REGISTERs and calls through a private
 * copy of the gateway on loopback, so that the JIT has compiled the request path before real callers arrive.
 * A cold JVM answered the first second of a burst 0.3-1.4 s late (docs/benchmarks-history.md, "Stop 23").
 *
 * @param duration how long the synthetic traffic runs; 0 turns the warm-up off. Default 5s
 */
public record WarmupConfig(Duration duration) {
    public static final Duration DEFAULT_DURATION = Duration.ofSeconds(5);

    static WarmupConfig read(ConfigNode n) {
        Duration d = n.duration("duration", DEFAULT_DURATION, Duration.ZERO, Duration.ofMinutes(1));
        n.rejectUnknownKeys();
        return new WarmupConfig(d);
    }

    public boolean enabled() {
        return !duration.isZero();
    }
}
