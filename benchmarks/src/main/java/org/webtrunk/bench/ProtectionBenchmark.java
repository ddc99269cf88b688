package org.webtrunk.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.webtrunk.gateway.config.ProtectionConfig;
import org.webtrunk.gateway.protection.BanReason;
import org.webtrunk.gateway.protection.EdgeProtection;
import org.webtrunk.gateway.protection.ProtectionDecision;
import org.webtrunk.gateway.sip.SipMessage;
import org.webtrunk.gateway.transport.Flow;
import org.webtrunk.gateway.transport.Transport;

/**
 * Cost of edge protection per request on one thread, through the real handlers of {@link EdgeProtection}:
 * <ul>
 *   <li>UDP: {@code DatagramGuard} (ban check, flood count) on a datagram in a pipeline
 *       {@code guard → sink}; {@code udpPipelineOnly} is the same pipeline without the guard, so the guard's own
 *       cost is the difference. Sources are a ring of 1,024 addresses (a busy gateway's real peers), a banned
 *       address, or a new address every time against a full table of 10,000 (spoofed sources: insert plus
 *       eviction).</li>
 *   <li>SIP on a connection: {@code ProtectionHandler.decide} on a decoded JsSIP REGISTER over WSS (ban check, flood
 *       count, scanner User-Agent, the connection's token bucket), from an allowed and from a banned address.</li>
 * </ul>
 * Limits are set so that no allowed source ever crosses them: this measures checking, not refusing.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Threads(1)
public class ProtectionBenchmark {
    private static final int SOURCES = 1024;
    private static final int SPOOFED_TABLE = 10_000;

    private EdgeProtection protection;
    private EdgeProtection spoofedProtection;
    private EmbeddedChannel baseline;
    private EmbeddedChannel guarded;
    private EmbeddedChannel spoofedGuarded;
    private ByteBuf payload;
    private DatagramPacket[] allowedPackets;
    private DatagramPacket bannedPacket;
    private SipMessage[] allowedMessages;
    private SipMessage bannedMessage;
    private InetSocketAddress local;
    private int next;
    private int spoofed;

    /** Counts what reaches the end of the pipeline, so nothing queues up in the EmbeddedChannel. */
    @Sharable
    static final class Sink extends ChannelInboundHandlerAdapter {
        long seen;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            seen++;
        }
    }

    @Setup(Level.Trial)
    public void setUp() throws UnknownHostException {
        protection = new EdgeProtection(config(100_000), new SimpleMeterRegistry());
        spoofedProtection = new EdgeProtection(config(SPOOFED_TABLE), new SimpleMeterRegistry());
        Sink sink = new Sink();
        baseline = new EmbeddedChannel(sink);
        guarded = new EmbeddedChannel(protection.datagramGuard(), sink);
        spoofedGuarded = new EmbeddedChannel(spoofedProtection.datagramGuard(), sink);
        payload = Unpooled.unreleasableBuffer(Unpooled.directBuffer().writeBytes(SipCorpus.bytes("options")));
        local = new InetSocketAddress("127.0.0.1", 5060);

        allowedPackets = new DatagramPacket[SOURCES];
        allowedMessages = new SipMessage[SOURCES];
        ByteBuf register = SipCorpus.directBuffer(SipCorpus.bytes("register-auth"));
        for (int i = 0; i < SOURCES; i++) {
            InetSocketAddress remote = new InetSocketAddress(address(10, 0, i >> 8, i & 0xff), 40000 + i);
            allowedPackets[i] = new DatagramPacket(payload, local, remote);
            allowedMessages[i] = SipCorpus.decode(register, flow(i, remote));
        }
        InetSocketAddress banned = new InetSocketAddress(address(10, 9, 9, 9), 5060);
        protection.bans().ban(banned.getAddress(), BanReason.MANUAL, Duration.ofHours(1));
        bannedPacket = new DatagramPacket(payload, local, banned);
        bannedMessage = SipCorpus.decode(register, flow(SOURCES, banned));
        register.release();

        if (protection.sipHandler().decide(allowedMessages[0]).action() != ProtectionDecision.Action.ALLOW
                || protection.sipHandler().decide(bannedMessage).action() != ProtectionDecision.Action.DROP) {
            throw new IllegalStateException("decisions are not what the figures claim");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        for (SipMessage m : allowedMessages) {
            m.release();
        }
        bannedMessage.release();
        baseline.finishAndReleaseAll();
        guarded.finishAndReleaseAll();
        spoofedGuarded.finishAndReleaseAll();
    }

    /** Defaults, with limits no allowed source reaches. */
    private static ProtectionConfig config(int maxTrackedAddresses) {
        ProtectionConfig d = ProtectionConfig.defaults();
        ProtectionConfig.Limits l = d.limits();
        return new ProtectionConfig(List.of(), maxTrackedAddresses, d.maxTrackedCredentials(),
                new ProtectionConfig.Flood(Duration.ofSeconds(2), Integer.MAX_VALUE, ProtectionConfig.FloodAction.DROP,
                        Duration.ofMinutes(5)),
                d.authFailures(), d.scanner(),
                new ProtectionConfig.Limits(l.connectionsPerAddress(), l.connectionsTotal(), l.handshakesInProgress(),
                        1_000_000_000, 1_000_000_000, l.callsPerSecondPerTenant(), l.concurrentCallsPerTenant(),
                        l.callRefusal(), l.retryAfter(), l.registrationsPerCredential(), l.registrationWindow()));
    }

    private static InetAddress address(int a, int b, int c, int d) throws UnknownHostException {
        return InetAddress.getByAddress(new byte[] {(byte) a, (byte) b, (byte) c, (byte) d});
    }

    private static Flow flow(int id, InetSocketAddress remote) {
        return new Flow(id, Transport.WSS, new EmbeddedChannel(), remote, new InetSocketAddress("127.0.0.1", 8443));
    }

    private int nextSource() {
        next = (next + 1) & (SOURCES - 1);
        return next;
    }

    @Benchmark
    public void udpPipelineOnly() {
        baseline.pipeline().fireChannelRead(allowedPackets[nextSource()]);
    }

    @Benchmark
    public void udpAllowed() {
        guarded.pipeline().fireChannelRead(allowedPackets[nextSource()]);
    }

    @Benchmark
    public void udpBanned() {
        guarded.pipeline().fireChannelRead(bannedPacket);
    }

    @Benchmark
    public void udpSpoofedSources() throws UnknownHostException {
        int n = spoofed++;
        InetSocketAddress remote = new InetSocketAddress(address(11, n >> 16, n >> 8, n), 5060);
        spoofedGuarded.pipeline().fireChannelRead(new DatagramPacket(payload, local, remote));
    }

    @Benchmark
    public ProtectionDecision sipAllowed() {
        return protection.sipHandler().decide(allowedMessages[nextSource()]);
    }

    @Benchmark
    public ProtectionDecision sipBanned() {
        return protection.sipHandler().decide(bannedMessage);
    }
}
