package org.webtrunk.gateway.tenant;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Probes targets marked down every {@code probe-interval} of their trunk until one answers, then marks it up
 * (like Kamailio's dispatcher with {@code ds_ping_interval}). Only down targets are probed: live traffic
 * already tells us about the others. A probe that has not answered within the trunk's {@code target-timeout}
 * counts as failed, and a target never has two probes in flight.
 */
public final class TargetProber implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TargetProber.class);

    private final TargetHealth health;
    private final TargetProbe probe;
    private final ScheduledExecutorService executor;
    private final Map<TrunkTarget, ScheduledFuture<?>> scheduled = new ConcurrentHashMap<>();
    private final Map<TrunkTarget, AtomicBoolean> inFlight = new ConcurrentHashMap<>();
    private final TargetHealth.Listener listener = this::changed;
    private volatile boolean closed;

    /** @param executor runs probes and their timeouts, e.g. a Netty event loop */
    public TargetProber(TargetHealth health, TargetProbe probe, ScheduledExecutorService executor) {
        this.health = Objects.requireNonNull(health, "health");
        this.probe = Objects.requireNonNull(probe, "probe");
        this.executor = Objects.requireNonNull(executor, "executor");
    }

    /** Starts watching: targets already down are probed from now on, others once they go down. */
    public void start() {
        health.addListener(listener);
        for (TrunkTarget t : health.downTargets()) {
            changed(t, false);
        }
    }

    /** Number of targets being probed now. */
    public int probing() {
        return scheduled.size();
    }

    private void changed(TrunkTarget target, boolean up) {
        if (up) {
            ScheduledFuture<?> f = scheduled.remove(target);
            if (f != null) {
                f.cancel(false);
            }
            LOG.info("trunk target {} is up", target);
            return;
        }
        Trunk trunk = health.trunkOf(target);
        if (trunk == null || closed) {
            return;
        }
        LOG.warn("trunk target {} is down; probing it every {}", target, trunk.probeInterval());
        scheduled.computeIfAbsent(target, t -> {
            long every = trunk.probeInterval().toMillis();
            return executor.scheduleWithFixedDelay(() -> probeOnce(t, trunk), every, every, TimeUnit.MILLISECONDS);
        });
    }

    private void probeOnce(TrunkTarget target, Trunk trunk) {
        if (!health.isDown(target)) {
            ScheduledFuture<?> f = scheduled.remove(target);
            if (f != null) {
                f.cancel(false);
            }
            return;
        }
        AtomicBoolean busy = inFlight.computeIfAbsent(target, t -> new AtomicBoolean());
        if (!busy.compareAndSet(false, true)) {
            return;
        }
        CompletableFuture<Boolean> result = new CompletableFuture<>();
        ScheduledFuture<?> timeout = executor.schedule(() -> result.complete(false),
                trunk.targetTimeout().toMillis(), TimeUnit.MILLISECONDS);
        try {
            CompletionStage<Boolean> stage = probe.probe(target);
            stage.whenComplete((ok, error) -> result.complete(error == null && Boolean.TRUE.equals(ok)));
        } catch (RuntimeException e) {
            LOG.debug("probe of {} failed to start", target, e);
            result.complete(false);
        }
        result.whenComplete((ok, error) -> {
            timeout.cancel(false);
            busy.set(false);
            if (Boolean.TRUE.equals(ok) && !closed) {
                health.recordSuccess(target);
            }
        });
    }

    /** Stops probing; targets stay as marked. */
    @Override
    public void close() {
        closed = true;
        health.removeListener(listener);
        for (ScheduledFuture<?> f : scheduled.values()) {
            f.cancel(false);
        }
        scheduled.clear();
    }
}
