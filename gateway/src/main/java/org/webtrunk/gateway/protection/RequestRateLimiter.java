package org.webtrunk.gateway.protection;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import java.time.Duration;
import org.webtrunk.gateway.config.ProtectionConfig;

/**
 * SIP requests per second on one connection: a token bucket ({@code requestsPerSecond} refill, {@code requestBurst}
 * size) kept as an attribute of the channel, so there is no global table and it goes with the connection. Over the
 * rate a request is refused with 503 and Retry-After: 1 (RFC 3261 §21.5.4). Only for connection-oriented channels:
 * the one UDP channel is shared by all peers, whose rate the {@link FloodDetector} watches per address.
 * A bucket is only touched from its channel's event loop, so it needs no locking.
 */
public final class RequestRateLimiter {
    static final AttributeKey<TokenBucket> BUCKET = AttributeKey.valueOf("webtrunk.protection.request-bucket");
    private static final ProtectionDecision REFUSAL =
            ProtectionDecision.reject(503, "Service Unavailable", Duration.ofSeconds(1), Limit.REQUEST_RATE.tag());

    private final double perSecond;
    private final double burst;
    private final ProtectionClock clock;
    private final ProtectionMetrics metrics;

    public RequestRateLimiter(ProtectionConfig config, MeterRegistry registry, ProtectionClock clock) {
        this(config, new ProtectionMetrics(registry), clock);
    }

    RequestRateLimiter(ProtectionConfig config, ProtectionMetrics metrics, ProtectionClock clock) {
        this.perSecond = config.limits().requestsPerSecond();
        this.burst = config.limits().requestBurst();
        this.clock = clock;
        this.metrics = metrics;
    }

    /** Takes one token from {@code channel}'s bucket; call from the channel's event loop. */
    public ProtectionDecision check(Channel channel) {
        TokenBucket bucket = channel.attr(BUCKET).get();
        long now = clock.nanos();
        if (bucket == null) {
            bucket = new TokenBucket(burst, now);
            channel.attr(BUCKET).set(bucket);
        }
        if (bucket.tryTake(now, perSecond, burst)) {
            return ProtectionDecision.ALLOW;
        }
        metrics.limitHit(Limit.REQUEST_RATE);
        return REFUSAL;
    }

    /** Not thread-safe: confined to one channel's event loop. */
    static final class TokenBucket {
        private double tokens;
        private long last;

        TokenBucket(double tokens, long now) {
            this.tokens = tokens;
            this.last = now;
        }

        boolean tryTake(long now, double perSecond, double burst) {
            if (now > last) {
                tokens = Math.min(burst, tokens + (now - last) * perSecond / 1e9);
                last = now;
            }
            if (tokens >= 1) {
                tokens -= 1;
                return true;
            }
            return false;
        }
    }
}
