package org.webtrunk.gateway.protection;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.webtrunk.gateway.config.ProtectionConfig;

/**
 * Per-address request density, like Kamailio's pike: it only detects. More than {@code maxRequests} in one
 * sampling window marks the address as flooding; what to do about it (drop, 503, ban) is the caller's decision.
 * Allow-listed addresses are neither counted nor ever flooding.
 *
 * <p>Bounded by {@code maxTrackedAddresses}: under millions of spoofed UDP sources the coldest entries are evicted
 * (table {@code flood}), so a source seen once costs nothing lasting, and a busy real source is kept.
 * Thread-safe.
 */
public final class FloodDetector {
    static final String TABLE = "flood";

    private final AllowList allowList;
    private final int maxRequests;
    private final WindowCounters<InetAddress> counters;

    public FloodDetector(ProtectionConfig config, AllowList allowList, MeterRegistry registry, ProtectionClock clock) {
        this(config, allowList, new ProtectionMetrics(registry), clock);
    }

    FloodDetector(ProtectionConfig config, AllowList allowList, ProtectionMetrics metrics, ProtectionClock clock) {
        this.allowList = allowList;
        this.maxRequests = config.flood().maxRequests();
        this.counters = new WindowCounters<>(TABLE, config.maxTrackedAddresses(), config.flood().window(), clock,
                metrics);
        // The table's size, so an operator sees it stay at its bound under a flood of distinct sources.
        Gauge.builder("webtrunk.protection.tracked.addresses", this, FloodDetector::trackedAddresses)
                .tag("table", TABLE).description("addresses in the flood table, at most max-tracked-addresses")
                .strongReference(true).register(metrics.registry());
    }

    /** Counts one request from {@code address}; true if it is now over the density (flooding). */
    public boolean recordRequest(InetAddress address) {
        if (allowList.contains(address)) {
            return false;
        }
        return counters.increment(address) > maxRequests;
    }

    /** True if {@code address} is over the density in its current window, without counting. */
    public boolean isFlooding(InetAddress address) {
        return counters.count(address) > maxRequests;
    }

    /** Admin: the {@code n} busiest addresses of the current windows. */
    public TopTalkers topTalkers(int n) {
        if (n <= 0) {
            return new TopTalkers(counters.window(), List.of());
        }
        Comparator<TopTalkers.Talker> byCount = Comparator.comparingInt(TopTalkers.Talker::requests);
        PriorityQueue<TopTalkers.Talker> top = new PriorityQueue<>(n + 1, byCount);
        for (Map.Entry<InetAddress, AtomicInteger> e : counters.table().asMap().entrySet()) {
            top.add(new TopTalkers.Talker(e.getKey().getHostAddress(), e.getValue().get()));
            if (top.size() > n) {
                top.poll();
            }
        }
        List<TopTalkers.Talker> out = new ArrayList<>(top);
        out.sort(byCount.reversed());
        return new TopTalkers(counters.window(), List.copyOf(out));
    }

    /** Addresses tracked now (approximate until maintenance has run), for tests and the admin API. */
    public long trackedAddresses() {
        counters.table().cleanUp();
        return counters.table().estimatedSize();
    }
}
