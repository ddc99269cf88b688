package org.webtrunk.gateway.transport;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The open connection flows (TCP, TLS, WS, WSS), bounded, so that a reply or a later request can find the
 * connection a client registered over (RFC 5626 §5.2, RFC 7118 §5) and so registrations and calls can end
 * when their connection does ({@link #onClose}).
 *
 * <p>Each flow has a token, {@code <id base36>-<random base36>}, made only of URI-unreserved characters so
 * it can sit in a Record-Route or Path URI parameter; the random part makes tokens unguessable, so a
 * client cannot steer requests onto another client's connection. UDP flows are not registered here: the
 * remote address is the flow.
 */
public final class FlowRegistry {
    private static final Logger log = LoggerFactory.getLogger(FlowRegistry.class);
    private static final AttributeKey<Flow> FLOW = AttributeKey.valueOf(FlowRegistry.class, "flow");
    private static final InetSocketAddress UNKNOWN = new InetSocketAddress(0);

    private record Entry(Flow flow, String token) {
    }

    private final int maxFlows;
    private final TransportMetrics metrics;
    private final ConcurrentHashMap<Long, Entry> byId = new ConcurrentHashMap<>();
    private final AtomicInteger size = new AtomicInteger();
    private final Map<Transport, AtomicInteger> open = new EnumMap<>(Transport.class);
    private final AtomicLong nextId = new AtomicLong(1);
    private final List<Consumer<Flow>> closeListeners = new CopyOnWriteArrayList<>();
    private final SecureRandom random = new SecureRandom();

    /**
     * @param maxFlows bound on open connections over all stream listeners; a connection beyond it is closed
     *                 at once (each costs buffers and a file descriptor, so this caps memory under a flood)
     */
    public FlowRegistry(int maxFlows, TransportMetrics metrics) {
        if (maxFlows < 1) {
            throw new IllegalArgumentException("maxFlows must be positive, got " + maxFlows);
        }
        this.maxFlows = maxFlows;
        this.metrics = metrics;
        for (Transport t : Transport.values()) {
            AtomicInteger n = new AtomicInteger();
            open.put(t, n);
            if (t != Transport.UDP) {
                metrics.openConnections(t, n::get);
            }
        }
    }

    /**
     * Registers a newly accepted connection; the flow leaves the table when the channel closes, and the
     * close listeners run then. Returns null, and counts a refusal, when the table is full.
     */
    public Flow open(Transport transport, Channel channel) {
        return open(transport, channel, inet(channel.remoteAddress()));
    }

    /** Registers a connection the gateway is opening to {@code remote} (not connected yet). */
    public Flow open(Transport transport, Channel channel, InetSocketAddress remote) {
        if (size.incrementAndGet() > maxFlows) {
            size.decrementAndGet();
            metrics.refused(transport, "flow-limit");
            return null;
        }
        long id = nextId.getAndIncrement();
        Flow flow = new Flow(id, transport, channel, remote, inet(channel.localAddress()));
        String token = Long.toString(id, 36) + "-" + Long.toString(random.nextLong() >>> 1, 36);
        byId.put(id, new Entry(flow, token));
        channel.attr(FLOW).set(flow);
        open.get(transport).incrementAndGet();
        metrics.accepted(transport);
        channel.closeFuture().addListener(f -> closed(flow));
        return flow;
    }

    private void closed(Flow flow) {
        if (byId.remove(flow.id()) == null) {
            return;
        }
        size.decrementAndGet();
        open.get(flow.transport()).decrementAndGet();
        metrics.closed(flow.transport());
        for (Consumer<Flow> listener : closeListeners) {
            try {
                listener.accept(flow);
            } catch (RuntimeException e) {
                log.warn("flow close listener failed for {}", flow, e);
            }
        }
    }

    /** Runs {@code listener} (on the flow's event loop) after any registered flow closes. */
    public void onClose(Consumer<Flow> listener) {
        closeListeners.add(listener);
    }

    public Optional<Flow> byId(long id) {
        Entry e = byId.get(id);
        return e == null ? Optional.empty() : Optional.of(e.flow());
    }

    /** The flow a token names, if it is still open; tokens are compared in constant time. */
    public Optional<Flow> byToken(String token) {
        if (token == null) {
            return Optional.empty();
        }
        int dash = token.indexOf('-');
        if (dash <= 0 || dash > 13) {
            return Optional.empty();
        }
        long id;
        try {
            id = Long.parseLong(token, 0, dash, 36);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        Entry e = byId.get(id);
        if (e == null || !MessageDigest.isEqual(e.token().getBytes(StandardCharsets.US_ASCII),
                token.getBytes(StandardCharsets.US_ASCII))) {
            return Optional.empty();
        }
        return Optional.of(e.flow());
    }

    /** The token of a registered flow, for a Record-Route or Path URI parameter; empty for UDP or closed flows. */
    public Optional<String> tokenOf(Flow flow) {
        Entry e = byId.get(flow.id());
        return e == null || e.flow() != flow ? Optional.empty() : Optional.of(e.token());
    }

    /** The flow registered for a channel, or null (UDP channels, refused connections). */
    public static Flow flowOf(Channel channel) {
        return channel.attr(FLOW).get();
    }

    public int size() {
        return size.get();
    }

    public int maxFlows() {
        return maxFlows;
    }

    public int openCount(Transport transport) {
        return open.get(transport).get();
    }

    /** A snapshot of the open flows, for the admin API and for shutdown. */
    public List<Flow> snapshot() {
        List<Flow> out = new ArrayList<>(byId.size());
        for (Entry e : byId.values()) {
            out.add(e.flow());
        }
        return out;
    }

    static InetSocketAddress inet(SocketAddress address) {
        return address instanceof InetSocketAddress i ? i : UNKNOWN;
    }
}
