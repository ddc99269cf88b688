package org.webtrunk.gateway.sip;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs rejected and dropped messages at most {@code perMinute} times per source IP in a fixed
 * one-minute window, so a flood cannot fill the disk; every message is still counted in metrics.
 * The window table is bounded (Caffeine, 10,000 sources).
 */
public final class RejectLog {
    private static final Logger LOG = LoggerFactory.getLogger(RejectLog.class);
    static final int MAX_SOURCES = 10_000;

    private final int perMinute;
    private final Cache<InetAddress, AtomicInteger> windows;

    public RejectLog(int perMinute) {
        this(perMinute, Ticker.systemTicker());
    }

    RejectLog(int perMinute, Ticker ticker) {
        this.perMinute = perMinute;
        this.windows = Caffeine.newBuilder()
                .expireAfterWrite(Duration.ofMinutes(1))
                .maximumSize(MAX_SOURCES)
                .ticker(ticker)
                .executor(Runnable::run)
                .build();
    }

    /** True if a line about this source may be logged now (and counts it). */
    public boolean allow(InetAddress source) {
        if (perMinute <= 0 || source == null) {
            return false;
        }
        return windows.get(source, a -> new AtomicInteger()).incrementAndGet() <= perMinute;
    }

    /** Logs {@code what} about a message unless the source used up its lines this minute. */
    public void log(SipMessage msg, String what) {
        InetAddress source = msg.flow() == null ? null : msg.flow().remote().getAddress();
        if (allow(source)) {
            LOG.info("{} {} from {}: {}", msg.isRequest() ? "request" : "response",
                    msg.failure() != null ? "?" : msg.isRequest() ? msg.method() : msg.statusCode(), msg.flow(), what);
        }
    }
}
