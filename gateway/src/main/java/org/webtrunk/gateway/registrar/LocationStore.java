package org.webtrunk.gateway.registrar;

import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.webtrunk.gateway.config.RegistrarConfig;
import org.webtrunk.gateway.registrar.RegisterResult.ContactEcho;
import org.webtrunk.gateway.registrar.RegisterResult.Outcome;
import org.webtrunk.gateway.transport.Flow;

/**
 * In-memory location service (RFC 3261 §10.3): address of record → bindings, so a call from a trunk to a
 * registered user reaches that browser over the WebSocket it registered on.
 *
 * <p>Bounded twice: {@code max-bindings} in total and {@code max-per-aor} per address; when full, new
 * registrations are refused and existing ones kept (an attacker with one credential cannot push others out).
 * A binding is replaced by one with the same {@code +sip.instance}/{@code reg-id} (RFC 5626 §6) or, without an
 * instance, the same Contact URI. A binding ends when it expires or when its flow closes: a registration dies
 * with its WebSocket (RFC 5626 §5.3).
 *
 * <p>Writers take one lock (registrations are rare next to lookups); {@link #lookup} reads an immutable list
 * without it. Expired bindings are skipped at once and removed by {@link #sweep()}, which
 * {@link #scheduleSweeps} runs periodically (taking the lock per address of record it prunes), and by a full
 * store before it refuses.
 */
public final class LocationStore {
    private static final int MAX_AOR_LENGTH = 256;

    private final RegistrarConfig config;
    private final Ticker ticker;
    private final Map<String, List<Binding>> byAor = new ConcurrentHashMap<>();
    /** flow id → AORs with a binding on it; guarded by {@code this}. UDP (id 0) is not indexed: it never closes. */
    private final Map<Long, Set<String>> aorsByFlow = new HashMap<>();
    /** Flows whose close already removes their bindings; guarded by {@code this}. */
    private final Set<Long> watchedFlows = new HashSet<>();
    private int total;

    /** @param ticker monotonic nanoseconds; {@link Ticker#systemTicker()} in production, a fake in tests */
    public LocationStore(RegistrarConfig config, Ticker ticker) {
        this.config = Objects.requireNonNull(config, "config");
        this.ticker = Objects.requireNonNull(ticker, "ticker");
    }

    /**
     * Normalises an address of record: {@code <sip:Alice@Example.COM;transport=ws>} → {@code Alice@example.com}
     * (the user part is case-sensitive, the host is not: RFC 3261 §19.1.4). Null when it is no {@code user@host}.
     */
    public static String normaliseAor(String uri) {
        if (uri == null) {
            return null;
        }
        String s = uri.trim();
        if (s.startsWith("<") && s.endsWith(">")) {
            s = s.substring(1, s.length() - 1);
        }
        String lower = s.toLowerCase(Locale.ROOT);
        if (lower.startsWith("sip:")) {
            s = s.substring(4);
        } else if (lower.startsWith("sips:")) {
            s = s.substring(5);
        } else {
            return null;
        }
        int end = s.length();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == ';' || c == '?' || c == '>') {
                end = i;
                break;
            }
        }
        s = s.substring(0, end);
        int at = s.lastIndexOf('@');
        if (at <= 0 || at == s.length() - 1 || s.length() > MAX_AOR_LENGTH) {
            return null;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= 0x20 || c >= 0x7f || c == '<' || c == '"') {
                return null;
            }
        }
        return s.substring(0, at) + "@" + s.substring(at + 1).toLowerCase(Locale.ROOT);
    }

    /**
     * The same REGISTER again from the same place (UDP, its 200 was lost; the gateway keeps no transaction for
     * it): answered with the bindings as they are, not refused as out of order.
     */
    private static boolean isRetransmission(Binding existing, RegisterRequest request) {
        return request.cseq() == existing.cseq() && !request.flow().transport().reliable()
                && existing.flow().transport() == request.flow().transport()
                && existing.flow().remote().equals(request.flow().remote());
    }

    /**
     * Applies one Contact of a REGISTER: adds, refreshes (expiry clamped to max-expires) or, with expires 0,
     * removes its binding.
     */
    public RegisterResult register(RegisterRequest request) {
        String aor = normaliseAor(request.aor());
        if (aor == null) {
            return RegisterResult.of(Outcome.BAD_AOR);
        }
        int minExpires = (int) config.minExpires().toSeconds();
        int expires = request.expires() < 0 ? (int) config.defaultExpires().toSeconds() : request.expires();
        if (expires > 0 && expires < minExpires) {
            return new RegisterResult(Outcome.INTERVAL_TOO_BRIEF, List.of(), minExpires);
        }
        expires = (int) Math.min(expires, config.maxExpires().toSeconds());
        String key = Binding.key(request.instance(), request.regId(), request.contactUri());
        Flow flow = request.flow();
        long now = ticker.read();
        List<ContactEcho> echoes;
        synchronized (this) {
            List<Binding> current = pruneLocked(aor, now);
            Binding existing = null;
            for (Binding b : current) {
                if (b.key().equals(key)) {
                    existing = b;
                }
            }
            if (existing != null && existing.callId().equals(request.callId()) && request.cseq() <= existing.cseq()) {
                if (isRetransmission(existing, request)) {
                    return new RegisterResult(Outcome.OK, echoes(current, now), minExpires);
                }
                return RegisterResult.of(Outcome.OUT_OF_ORDER);
            }
            List<Binding> next = new ArrayList<>(current);
            if (existing != null) {
                next.remove(existing);
            }
            if (expires > 0) {
                if (existing == null) {
                    if (current.size() >= config.maxPerAor()) {
                        return RegisterResult.of(Outcome.TOO_MANY_FOR_AOR);
                    }
                    if (total >= config.maxBindings()) {
                        sweep(); // under the lock already (re-entered): must know what it freed before refusing
                    }
                    if (total >= config.maxBindings()) {
                        return RegisterResult.of(Outcome.STORE_FULL);
                    }
                }
                next.add(new Binding(aor, request.contactUri(), request.contact(), request.instance(), request.regId(),
                        flow, request.credentialId(), request.tenantId(), request.path(), request.callId(),
                        request.cseq(), expires, now, now + TimeUnit.SECONDS.toNanos(expires)));
            }
            replaceLocked(aor, current, next);
            echoes = echoes(next, now);
        }
        watch(flow);
        return new RegisterResult(Outcome.OK, echoes, minExpires);
    }

    /** Removes one binding, matched like {@link #register}; true if there was one. */
    public boolean unregister(String aor, String contactUri, String instance, int regId) {
        String normalised = normaliseAor(aor);
        if (normalised == null) {
            return false;
        }
        String key = Binding.key(instance, regId, contactUri);
        synchronized (this) {
            List<Binding> current = byAor.getOrDefault(normalised, List.of());
            List<Binding> next = new ArrayList<>(current);
            boolean removed = next.removeIf(b -> b.key().equals(key));
            replaceLocked(normalised, current, next);
            return removed;
        }
    }

    /** Removes every binding of an AOR ({@code Contact: *}, RFC 3261 §10.2.2); returns how many. */
    public int unregisterAll(String aor) {
        String normalised = normaliseAor(aor);
        if (normalised == null) {
            return 0;
        }
        synchronized (this) {
            List<Binding> current = byAor.getOrDefault(normalised, List.of());
            replaceLocked(normalised, current, List.of());
            return current.size();
        }
    }

    /**
     * Live bindings of an AOR (not expired, flow open), most recently registered first: RFC 5626 §5.2 prefers
     * the newest flow. Lock-free.
     */
    public List<Binding> lookup(String aor) {
        String normalised = normaliseAor(aor);
        List<Binding> current = normalised == null ? null : byAor.get(normalised);
        if (current == null) {
            return List.of();
        }
        long now = ticker.read();
        List<Binding> live = new ArrayList<>(current.size());
        for (Binding b : current) {
            if (b.live(now)) {
                live.add(b);
            }
        }
        live.sort(Comparator.comparingLong(Binding::registeredAtNanos).reversed());
        return live;
    }

    /** Removes every binding on a flow: its connection closed. UDP flows (id 0) have none to remove. */
    public int removeFlow(Flow flow) {
        return removeFlowId(flow.id());
    }

    /** Removes every binding on the flow with this id; returns how many. */
    public synchronized int removeFlowId(long flowId) {
        watchedFlows.remove(flowId);
        Set<String> aors = aorsByFlow.remove(flowId);
        if (aors == null || flowId == 0) {
            return 0;
        }
        int removed = 0;
        for (String aor : aors) {
            List<Binding> current = byAor.getOrDefault(aor, List.of());
            List<Binding> next = new ArrayList<>(current);
            next.removeIf(b -> b.flow() != null && b.flow().id() == flowId);
            removed += current.size() - next.size();
            replaceLocked(aor, current, next);
        }
        return removed;
    }

    /**
     * Removes expired bindings and bindings on closed flows; returns how many. Holds the lock only while it
     * prunes one address of record that has such a binding, not for the whole pass: a pass over a large store
     * ran for milliseconds (longer while its code was still interpreted, as a task run every 30 s mostly is),
     * and every REGISTER on every I/O thread waited for it.
     */
    public int sweep() {
        long now = ticker.read();
        int removed = 0;
        for (Map.Entry<String, List<Binding>> e : byAor.entrySet()) {
            if (anyStale(e.getValue(), now)) {
                synchronized (this) {
                    int before = byAor.getOrDefault(e.getKey(), List.of()).size();
                    removed += before - pruneLocked(e.getKey(), now).size();
                }
            }
        }
        return removed;
    }

    /** Runs {@link #sweep()} every {@code interval} on {@code executor}; cancel the future to stop. */
    public ScheduledFuture<?> scheduleSweeps(ScheduledExecutorService executor, Duration interval) {
        long ms = interval.toMillis();
        return executor.scheduleWithFixedDelay(this::sweep, ms, ms, TimeUnit.MILLISECONDS);
    }

    /** Bindings held, counting expired ones not yet swept. */
    public synchronized int size() {
        return total;
    }

    /** Number of AORs with bindings. */
    public int aorCount() {
        return byAor.size();
    }

    /** Up to {@code limit} live bindings, for the admin API; order unspecified. */
    public List<Binding> list(int limit) {
        long now = ticker.read();
        List<Binding> out = new ArrayList<>();
        for (List<Binding> bindings : byAor.values()) {
            for (Binding b : bindings) {
                if (out.size() >= limit) {
                    return out;
                }
                if (b.live(now)) {
                    out.add(b);
                }
            }
        }
        return out;
    }

    /** Current ticker time, so callers can compute {@link Binding#secondsLeft}. */
    public long now() {
        return ticker.read();
    }

    private static boolean anyStale(List<Binding> bindings, long now) {
        for (Binding b : bindings) {
            if (!b.live(now)) {
                return true;
            }
        }
        return false;
    }

    /** Drops expired and unreachable bindings of one AOR; returns what is left. */
    private List<Binding> pruneLocked(String aor, long now) {
        List<Binding> current = byAor.getOrDefault(aor, List.of());
        List<Binding> next = new ArrayList<>(current.size());
        for (Binding b : current) {
            if (b.live(now)) {
                next.add(b);
            }
        }
        if (next.size() == current.size()) {
            return current;
        }
        replaceLocked(aor, current, next);
        return byAor.getOrDefault(aor, List.of());
    }

    /** Installs {@code next} for an AOR, keeping the total and the flow index right. */
    private void replaceLocked(String aor, List<Binding> current, List<Binding> next) {
        total += next.size() - current.size();
        if (next.isEmpty()) {
            byAor.remove(aor);
        } else {
            byAor.put(aor, List.copyOf(next));
        }
        for (Binding b : current) {
            long id = flowId(b);
            if (id != 0 && next.stream().noneMatch(n -> flowId(n) == id)) {
                Set<String> aors = aorsByFlow.get(id);
                if (aors != null) {
                    aors.remove(aor);
                    if (aors.isEmpty()) {
                        aorsByFlow.remove(id);
                    }
                }
            }
        }
        for (Binding b : next) {
            long id = flowId(b);
            if (id != 0) {
                aorsByFlow.computeIfAbsent(id, k -> new HashSet<>()).add(aor);
            }
        }
    }

    /** Makes a flow's close remove its bindings, once per flow. Called without the lock held. */
    private void watch(Flow flow) {
        if (flow == null || flow.id() == 0) {
            return;
        }
        synchronized (this) {
            if (!watchedFlows.add(flow.id())) {
                return;
            }
        }
        long id = flow.id();
        flow.channel().closeFuture().addListener(f -> removeFlowId(id));
    }

    private static long flowId(Binding b) {
        return b.flow() == null ? 0 : b.flow().id();
    }

    private static List<ContactEcho> echoes(List<Binding> bindings, long now) {
        List<ContactEcho> out = new ArrayList<>(bindings.size());
        for (Binding b : bindings) {
            out.add(new ContactEcho(b.contact(), b.secondsLeft(now)));
        }
        return out;
    }
}
