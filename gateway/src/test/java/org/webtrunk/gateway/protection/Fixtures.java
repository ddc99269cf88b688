package org.webtrunk.gateway.protection;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.DefaultChannelId;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.UnaryOperator;
import org.webtrunk.gateway.config.ProtectionConfig;
import org.webtrunk.gateway.sip.SipMessage;
import org.webtrunk.gateway.transport.Flow;
import org.webtrunk.gateway.transport.Transport;

/** Shared test setup: configs, a deterministic clock, addresses, channels with a remote address, messages. */
final class Fixtures {
    static final Instant WALL = Instant.parse("2026-11-01T12:00:00Z");
    static final InetSocketAddress LOCAL = new InetSocketAddress("192.0.2.1", 5060);

    final FakeTicker ticker = new FakeTicker();
    final ProtectionClock clock = new ProtectionClock(ticker, Runnable::run, Clock.fixed(WALL, ZoneOffset.UTC));
    final MeterRegistry registry = new SimpleMeterRegistry();
    final ProtectionMetrics metrics = new ProtectionMetrics(registry);

    static ProtectionConfig config() {
        return ProtectionConfig.defaults();
    }

    static ProtectionConfig withAllowList(ProtectionConfig c, List<String> cidrs) {
        return new ProtectionConfig(cidrs, c.maxTrackedAddresses(), c.maxTrackedCredentials(), c.flood(),
                c.authFailures(), c.scanner(), c.limits());
    }

    static ProtectionConfig withFlood(ProtectionConfig c, int maxRequests, ProtectionConfig.FloodAction action) {
        ProtectionConfig.Flood f = c.flood();
        return new ProtectionConfig(c.allowList(), c.maxTrackedAddresses(), c.maxTrackedCredentials(),
                new ProtectionConfig.Flood(f.window(), maxRequests, action, f.banTime()), c.authFailures(),
                c.scanner(), c.limits());
    }

    static ProtectionConfig withTableSize(ProtectionConfig c, int maxAddresses) {
        return new ProtectionConfig(c.allowList(), maxAddresses, c.maxTrackedCredentials(), c.flood(),
                c.authFailures(), c.scanner(), c.limits());
    }

    static ProtectionConfig withScanner(ProtectionConfig c, UnaryOperator<ProtectionConfig.Scanner> change) {
        return new ProtectionConfig(c.allowList(), c.maxTrackedAddresses(), c.maxTrackedCredentials(), c.flood(),
                c.authFailures(), change.apply(c.scanner()), c.limits());
    }

    static ProtectionConfig withLimits(ProtectionConfig c, UnaryOperator<ProtectionConfig.Limits> change) {
        return new ProtectionConfig(c.allowList(), c.maxTrackedAddresses(), c.maxTrackedCredentials(), c.flood(),
                c.authFailures(), c.scanner(), change.apply(c.limits()));
    }

    /** Limits with the connection numbers replaced. */
    static ProtectionConfig.Limits connections(ProtectionConfig.Limits l, int perAddress, int total, int handshakes) {
        return new ProtectionConfig.Limits(perAddress, total, handshakes, l.requestsPerSecond(), l.requestBurst(),
                l.callsPerSecondPerTenant(), l.concurrentCallsPerTenant(), l.callRefusal(), l.retryAfter(),
                l.registrationsPerCredential(), l.registrationWindow());
    }

    static ProtectionConfig.Limits calls(ProtectionConfig.Limits l, int perSecond, int concurrent,
                                         ProtectionConfig.LimitRefusal refusal) {
        return new ProtectionConfig.Limits(l.connectionsPerAddress(), l.connectionsTotal(), l.handshakesInProgress(),
                l.requestsPerSecond(), l.requestBurst(), perSecond, concurrent, refusal, l.retryAfter(),
                l.registrationsPerCredential(), l.registrationWindow());
    }

    static ProtectionConfig.Limits requests(ProtectionConfig.Limits l, int perSecond, int burst) {
        return new ProtectionConfig.Limits(l.connectionsPerAddress(), l.connectionsTotal(), l.handshakesInProgress(),
                perSecond, burst, l.callsPerSecondPerTenant(), l.concurrentCallsPerTenant(), l.callRefusal(),
                l.retryAfter(), l.registrationsPerCredential(), l.registrationWindow());
    }

    static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal); // literals only: no lookup
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    double counter(String name, String tagKey, String tagValue) {
        var c = registry.find(name).tag(tagKey, tagValue).counter();
        return c == null ? 0 : c.count();
    }

    /** An EmbeddedChannel whose peer is {@code remote}; handlers see channelRegistered/Active with it set. */
    static EmbeddedChannel channelFrom(InetSocketAddress remote, ChannelHandler... handlers) {
        RemoteChannel ch = new RemoteChannel(handlers);
        ch.remote = remote;
        try {
            ch.register();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return ch;
    }

    static SipMessage message(String text, Transport transport, Channel channel, InetSocketAddress remote) {
        byte[] bytes = text.replace("\r\n", "\n").replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
        Flow flow = new Flow(transport == Transport.UDP ? 0 : 7, transport, channel, remote, LOCAL);
        return SipMessage.decode(Unpooled.wrappedBuffer(bytes), flow, 256, false);
    }

    static String request(String method, String userAgent) {
        return method + " sip:alice@example.com SIP/2.0\n"
                + "Via: SIP/2.0/WSS abc.invalid;branch=z9hG4bK776asdhds\n"
                + "Max-Forwards: 70\n"
                + "To: <sip:alice@example.com>\n"
                + "From: <sip:bob@example.com>;tag=1928301774\n"
                + "Call-ID: a84b4c76e66710\n"
                + "CSeq: 1 " + method + "\n"
                + (userAgent != null ? "User-Agent: " + userAgent + "\n" : "")
                + "Content-Length: 0\n\n";
    }

    private static final class RemoteChannel extends EmbeddedChannel {
        SocketAddress remote;

        RemoteChannel(ChannelHandler... handlers) {
            super(DefaultChannelId.newInstance(), false, false, handlers);
        }

        @Override
        protected SocketAddress remoteAddress0() {
            return remote;
        }
    }

    static Duration seconds(long s) {
        return Duration.ofSeconds(s);
    }
}
