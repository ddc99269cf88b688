package org.webtrunk.gateway.tenant;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Per-target failure counting: a target that fails its trunk's {@code down-after} times in a row (timeout,
 * 503, transport error) is marked down, so calls stop waiting for it; any success marks it up again. Only
 * detects: the {@link TrunkSelector} skips down targets and the {@link TargetProber} probes them.
 *
 * <p>Thread-safe. The table holds exactly the configured targets, so it is bounded by the config. Exposes
 * {@code webtrunk_trunk_target_up{trunk,target}} (1 up, 0 down) and
 * {@code webtrunk_trunk_target_failures_total{trunk,target}}.
 */
public final class TargetHealth implements AutoCloseable {

    /** Told when a target changes between up and down; called on the thread that recorded the change. */
    @FunctionalInterface
    public interface Listener {
        void changed(TrunkTarget target, boolean up);
    }

    private static final class State {
        final Trunk trunk;
        final Counter failures;
        int consecutiveFailures;
        volatile boolean down;

        State(Trunk trunk, Counter failures) {
            this.trunk = trunk;
            this.failures = failures;
        }
    }

    private final Map<TrunkTarget, State> states;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final MeterRegistry registry;
    private final List<Meter> meters = new ArrayList<>();

    public TargetHealth(Collection<Trunk> trunks, MeterRegistry registry) {
        this.registry = registry;
        Map<TrunkTarget, State> map = new IdentityHashMap<>();
        for (Trunk trunk : trunks) {
            for (TrunkTarget t : trunk.targets()) {
                Counter failures = Counter.builder("webtrunk.trunk.target.failures")
                        .description("Requests to a trunk target that timed out, got 503 or failed to send")
                        .tag("trunk", trunk.name()).tag("target", t.label())
                        .register(registry);
                State s = new State(trunk, failures);
                map.put(t, s);
                meters.add(failures);
                meters.add(Gauge.builder("webtrunk.trunk.target.up", s, st -> st.down ? 0 : 1)
                        .description("1 while the trunk target is considered up, 0 while down and probed")
                        .tag("trunk", trunk.name()).tag("target", t.label())
                        .register(registry));
            }
        }
        // Never modified after construction, so unsynchronised reads are safe.
        this.states = map;
    }

    public void addListener(Listener listener) {
        listeners.add(listener);
    }

    public void removeListener(Listener listener) {
        listeners.remove(listener);
    }

    /** A target answered (any final response but 503, or a provisional one): it is up. */
    public void recordSuccess(TrunkTarget target) {
        State s = states.get(target);
        if (s == null) {
            return;
        }
        boolean changed;
        synchronized (s) {
            s.consecutiveFailures = 0;
            changed = s.down;
            s.down = false;
        }
        if (changed) {
            notify(target, true);
        }
    }

    /**
     * A target timed out, answered 503 or could not be sent to.
     *
     * @return true when this failure marked it down
     */
    public boolean recordFailure(TrunkTarget target) {
        State s = states.get(target);
        if (s == null) {
            return false;
        }
        s.failures.increment();
        boolean changed;
        synchronized (s) {
            if (s.consecutiveFailures < Integer.MAX_VALUE) {
                s.consecutiveFailures++;
            }
            changed = !s.down && s.consecutiveFailures >= s.trunk.downAfter();
            if (changed) {
                s.down = true;
            }
        }
        if (changed) {
            notify(target, false);
        }
        return changed;
    }

    /** False for targets this health table does not know. */
    public boolean isDown(TrunkTarget target) {
        State s = states.get(target);
        return s != null && s.down;
    }

    /** Failures since the last success, for the admin API. */
    public int consecutiveFailures(TrunkTarget target) {
        State s = states.get(target);
        if (s == null) {
            return 0;
        }
        synchronized (s) {
            return s.consecutiveFailures;
        }
    }

    /** Targets now marked down, for the prober and the admin API. */
    public List<TrunkTarget> downTargets() {
        List<TrunkTarget> out = new ArrayList<>();
        for (Map.Entry<TrunkTarget, State> e : states.entrySet()) {
            if (e.getValue().down) {
                out.add(e.getKey());
            }
        }
        return out;
    }

    /**
     * Removes this table's meters, so a directory rebuilt after a config reload registers fresh ones (Micrometer
     * would otherwise hand back the old gauge, bound to this table's state).
     */
    @Override
    public void close() {
        meters.forEach(registry::remove);
        meters.clear();
    }

    /** The trunk a known target belongs to; null for unknown targets. */
    Trunk trunkOf(TrunkTarget target) {
        State s = states.get(target);
        return s == null ? null : s.trunk;
    }

    private void notify(TrunkTarget target, boolean up) {
        for (Listener l : listeners) {
            l.changed(target, up);
        }
    }
}
