package org.webtrunk.gateway.protection;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.RemovalCause;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Addresses that are banned until a time: everything from them is dropped at the cheapest point
 * ({@link BannedAddressFilter}, {@link DatagramGuard}, {@link ProtectionHandler}). Each ban expires on its own;
 * allow-listed addresses are never banned. Bounded: when the table is full the coldest ban goes (W-TinyLFU),
 * counted as an eviction of table {@code bans}. Thread-safe.
 *
 * <p>Admin: {@link #list()}, {@link #unban(String)}, {@link #ban(InetAddress, BanReason, Duration)}.
 */
public final class BanList {
    static final String TABLE = "bans";

    /** One current ban, as shown to operators. */
    public record BanEntry(String address, String reason, java.time.Instant expiresAt, Duration remaining) {
    }

    private static final class Ban {
        final InetAddress address;
        final BanReason reason;
        final long expiresAtNanos;
        /** Set when one answer (503 Retry-After) is still owed to the request that caused the ban. */
        final AtomicBoolean answerOwed;

        Ban(InetAddress address, BanReason reason, long expiresAtNanos, boolean answerOwed) {
            this.address = address;
            this.reason = reason;
            this.expiresAtNanos = expiresAtNanos;
            this.answerOwed = new AtomicBoolean(answerOwed);
        }
    }

    private final AllowList allowList;
    private final ProtectionClock clock;
    private final ProtectionMetrics metrics;
    private final Cache<InetAddress, Ban> bans;

    public BanList(AllowList allowList, int maxEntries, MeterRegistry registry, ProtectionClock clock) {
        this(allowList, maxEntries, new ProtectionMetrics(registry), clock);
    }

    BanList(AllowList allowList, int maxEntries, ProtectionMetrics metrics, ProtectionClock clock) {
        this.allowList = Objects.requireNonNull(allowList, "allowList");
        this.clock = clock;
        this.metrics = metrics;
        this.bans = Caffeine.newBuilder()
                .maximumSize(maxEntries)
                .expireAfter(new Expiry<InetAddress, Ban>() {
                    @Override
                    public long expireAfterCreate(InetAddress key, Ban ban, long now) {
                        return Math.max(0, ban.expiresAtNanos - now);
                    }

                    @Override
                    public long expireAfterUpdate(InetAddress key, Ban ban, long now, long current) {
                        return Math.max(0, ban.expiresAtNanos - now);
                    }

                    @Override
                    public long expireAfterRead(InetAddress key, Ban ban, long now, long current) {
                        return current;
                    }
                })
                .ticker(clock.ticker())
                .executor(clock.executor())
                .<InetAddress, Ban>evictionListener((k, v, cause) -> {
                    if (cause == RemovalCause.SIZE) {
                        metrics.evicted(TABLE);
                    }
                })
                .build();
        Gauge.builder("webtrunk.protection.bans.active", this, BanList::size).strongReference(true)
                .description("addresses banned now").register(metrics.registry());
    }

    /** Bans {@code address}; returns false (and bans nothing) if it is allow-listed. */
    public boolean ban(InetAddress address, BanReason reason, Duration duration) {
        return ban(address, reason, duration, false);
    }

    /**
     * @param answerOnce the request that caused the ban may still get one answer ({@link #takeOwedAnswer}); every
     *                   later one is dropped, so a ban never reflects a flood
     */
    boolean ban(InetAddress address, BanReason reason, Duration duration, boolean answerOnce) {
        if (allowList.contains(address)) {
            return false;
        }
        long until = clock.nanos() + duration.toNanos();
        boolean[] fresh = {false};
        bans.asMap().compute(address, (a, old) -> {
            if (old != null && old.expiresAtNanos >= until) {
                return old;
            }
            fresh[0] = old == null;
            return new Ban(a, reason, until, answerOnce);
        });
        if (fresh[0]) {
            metrics.banned(reason);
        }
        return true;
    }

    public boolean isBanned(InetAddress address) {
        return bans.getIfPresent(address) != null;
    }

    /** True exactly once per ban made with {@code answerOnce}: the caller may answer that one request. */
    boolean takeOwedAnswer(InetAddress address) {
        Ban b = bans.getIfPresent(address);
        return b != null && b.answerOwed.compareAndSet(true, false);
    }

    /** Time left on the ban of {@code address}, or null if it is not banned. */
    public Duration remaining(InetAddress address) {
        Ban b = bans.getIfPresent(address);
        return b == null ? null : Duration.ofNanos(Math.max(0, b.expiresAtNanos - clock.nanos()));
    }

    public boolean unban(InetAddress address) {
        return bans.asMap().remove(address) != null;
    }

    /** Admin: lifts the ban on an IP literal; false if it is not banned. Never resolves names. */
    public boolean unban(String address) {
        InetAddress a = NetUtil.createInetAddressFromIpAddressString(address.trim());
        if (a == null) {
            throw new IllegalArgumentException("not an IP address: " + address);
        }
        return unban(a);
    }

    /** Admin: every current ban, soonest expiry first. */
    public List<BanEntry> list() {
        long now = clock.nanos();
        java.time.Instant wallNow = clock.wall().instant();
        List<Ban> current = new ArrayList<>(bans.asMap().values());
        current.sort(Comparator.comparingLong(b -> b.expiresAtNanos));
        List<BanEntry> out = new ArrayList<>(current.size());
        for (Ban b : current) {
            Duration left = Duration.ofNanos(Math.max(0, b.expiresAtNanos - now));
            out.add(new BanEntry(b.address.getHostAddress(), b.reason.tag(), wallNow.plus(left), left));
        }
        return out;
    }

    /** Bans in effect now (expired ones are cleaned up first). */
    public long size() {
        bans.cleanUp();
        return bans.estimatedSize();
    }

    Cache<InetAddress, Ban> table() {
        return bans;
    }
}
