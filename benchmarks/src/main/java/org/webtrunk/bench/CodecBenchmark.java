package org.webtrunk.bench;

import gov.nist.javax.sip.address.AddressFactoryImpl;
import gov.nist.javax.sip.header.HeaderFactoryImpl;
import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.message.SIPRequest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.sip.address.SipURI;
import javax.sip.header.MaxForwardsHeader;
import javax.sip.header.RecordRouteHeader;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.infra.Blackhole;
import org.webtrunk.gateway.sanity.SanityCheck;
import org.webtrunk.gateway.sanity.SanityChecks;
import org.webtrunk.gateway.sanity.SanityFailure;
import org.webtrunk.gateway.sip.HeaderName;
import org.webtrunk.gateway.sip.MessageEditor;
import org.webtrunk.gateway.sip.ReferenceParser;
import org.webtrunk.gateway.sip.SipMessage;
import org.webtrunk.gateway.sip.SipResponseBuilder;
import org.webtrunk.gateway.sip.Via;
import org.webtrunk.gateway.transport.Flow;

/**
 * Per-message cost of the gateway's SIP codec on one thread, for a JsSIP REGISTER with credentials and a
 * JsSIP INVITE with a WebRTC SDP offer: the lazy decode with the fields a proxy decision reads, all sanity
 * checks, a stateful-proxy forward by byte rewriting (RFC 3261 §16.6), a locally built response, and
 * jain-sip-ri's parser (through {@link ReferenceParser}) doing the same work, for the ratio.
 *
 * <p>The message sits in one pooled direct buffer; every op decodes a retained duplicate of it, as the
 * framer hands a frame on, and releases it. Nothing but what the op itself does is allocated per op.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Threads(1)
public class CodecBenchmark {
    private static final String TRUNK_URI = "sip:+4930123456@trunk.tenant1.example:5060;transport=tcp";
    private static final String GATEWAY_HOST = "192.0.2.10";
    private static final String VIA_PREFIX = "Via: SIP/2.0/TCP " + GATEWAY_HOST + ":5060;branch=" + Via.GATEWAY_BRANCH_PREFIX;
    private static final String RECORD_ROUTE = "Record-Route: <sip:" + GATEWAY_HOST + ":5060;transport=tcp;lr>";
    private static final String CHALLENGE = "Digest realm=\"tenant1.webtrunk.example\", nonce=\"AAABjQ7uLhQ2n1c8kX0gY3oVbW5r\","
            + " opaque=\"5ccc069c403ebaf9f0171e9517f40e41\", algorithm=MD5, qop=\"auth\"";

    /** Corpus file: {@code register-auth} (885 B, Authorization) or {@code invite} (2,355 B, SDP, Proxy-Authorization). */
    @Param({"register-auth", "invite"})
    public String message;

    private ByteBuf frame;
    private byte[] bytes;
    private Flow flow;
    private SanityChecks sanity;
    private SipResponseBuilder responses;
    private ByteBufAllocator alloc;
    private List<String> challengeHeader;
    private int replyStatus;
    private String replyReason;
    private long branchCounter;

    private final ReferenceParser reference = new ReferenceParser();
    private HeaderFactoryImpl jainHeaders;
    private SipURI jainTrunkUri;
    private RecordRouteHeader jainRecordRoute;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        bytes = SipCorpus.bytes(message);
        frame = SipCorpus.directBuffer(bytes);
        flow = SipCorpus.browserFlow();
        sanity = new SanityChecks(EnumSet.allOf(SanityCheck.class), Set.of("outbound"));
        responses = new SipResponseBuilder("WebTrunk");
        alloc = PooledByteBufAllocator.DEFAULT;
        boolean invite = message.startsWith("invite");
        replyStatus = invite ? 407 : 401;
        replyReason = invite ? "Proxy Authentication Required" : "Unauthorized";
        challengeHeader = List.of((invite ? "Proxy-Authenticate: " : "WWW-Authenticate: ") + CHALLENGE);

        AddressFactoryImpl addresses = new AddressFactoryImpl();
        jainHeaders = new HeaderFactoryImpl();
        jainTrunkUri = (SipURI) addresses.createURI(TRUNK_URI);
        SipURI rr = addresses.createSipURI(null, GATEWAY_HOST);
        rr.setPort(5060);
        rr.setTransportParam("tcp");
        rr.setLrParam();
        jainRecordRoute = jainHeaders.createRecordRouteHeader(addresses.createAddress(rr));

        selfCheck();
    }

    /** Refuses to measure if the input is not what the figures claim (decodes cleanly, passes sanity). */
    private void selfCheck() throws Exception {
        SipMessage m = SipCorpus.decode(frame, flow);
        try {
            SanityFailure f = sanity.check(m);
            if (m.failure() != null || f != null || m.callId() == null || m.topVia().branch() == null) {
                throw new IllegalStateException(message + ": decode " + m.failure() + ", sanity " + f);
            }
        } finally {
            m.release();
        }
        ByteBuf out = forwardBuffer();
        try {
            if (!reference.parse(ByteBufUtil.getBytes(out)).ok()) {
                throw new IllegalStateException(message + ": jain-sip refuses the forwarded message");
            }
        } finally {
            out.release();
        }
        if (!reference.parse(jainSipParseEditEncode()).ok()) {
            throw new IllegalStateException(message + ": jain-sip refuses its own forwarded message");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        frame.release();
    }

    /** Index the message and read what the proxy decides on: Call-ID, CSeq, tags, top Via branch, Max-Forwards, Content-Length. */
    @Benchmark
    public void decode(Blackhole bh) {
        SipMessage m = SipCorpus.decode(frame, flow);
        try {
            readProxyFields(m, bh);
        } finally {
            m.release();
        }
    }

    /** Decode plus every sanity check (all {@link SanityCheck}s enabled). */
    @Benchmark
    public SanityFailure decodeAndSanity(Blackhole bh) {
        SipMessage m = SipCorpus.decode(frame, flow);
        try {
            readProxyFields(m, bh);
            return sanity.check(m);
        } finally {
            m.release();
        }
    }

    /**
     * Decode, sanity, and the forward to the trunk (RFC 3261 §16.6): new Request-URI, our Via and
     * Record-Route on top, Max-Forwards decremented, credentials removed, written into a pooled buffer.
     */
    @Benchmark
    public int forward() {
        ByteBuf out = forwardBuffer();
        int n = out.readableBytes();
        out.release();
        return n;
    }

    private ByteBuf forwardBuffer() {
        SipMessage m = SipCorpus.decode(frame, flow);
        try {
            if (sanity.check(m) != null) {
                throw new IllegalStateException("sanity");
            }
            return new MessageEditor(m)
                    .requestUri(TRUNK_URI)
                    .prependHeader(VIA_PREFIX + Long.toHexString(++branchCounter))
                    .prependHeader(RECORD_ROUTE)
                    .decrementMaxForwards(70)
                    .removeHeaders(HeaderName.AUTHORIZATION)
                    .removeHeaders(HeaderName.PROXY_AUTHORIZATION)
                    .build(alloc);
        } finally {
            m.release();
        }
    }

    /** Decode and a challenge (401 to REGISTER, 407 to INVITE) built by {@link SipResponseBuilder}, released. */
    @Benchmark
    public int reply() {
        SipMessage m = SipCorpus.decode(frame, flow);
        try {
            ByteBuf out = responses.build(m, replyStatus, replyReason, challengeHeader, alloc);
            int n = out.readableBytes();
            out.release();
            return n;
        } finally {
            m.release();
        }
    }

    /** jain-sip-ri's strict parse of the same bytes (already in a byte[]: the copy out of the frame is not counted). */
    @Benchmark
    public Object jainSipParse() {
        return reference.parse(bytes).message();
    }

    /**
     * jain-sip-ri doing the {@link #forward} edit: parse, set the Request-URI, push a new Via and the
     * Record-Route, decrement Max-Forwards, remove credentials, encode. The Request-URI and Record-Route
     * objects are built once in setup (favouring jain-sip); the Via is new per op, as its branch is.
     */
    @Benchmark
    public byte[] jainSipParseEditEncode() throws Exception {
        SIPMessage parsed = reference.parse(bytes).message();
        SIPRequest r = (SIPRequest) parsed;
        r.setRequestURI(jainTrunkUri);
        r.addFirst(jainHeaders.createViaHeader(GATEWAY_HOST, 5060, "TCP",
                Via.GATEWAY_BRANCH_PREFIX + Long.toHexString(++branchCounter)));
        r.addFirst(jainRecordRoute);
        MaxForwardsHeader mf = (MaxForwardsHeader) r.getHeader(MaxForwardsHeader.NAME);
        mf.decrementMaxForwards();
        r.removeHeader("Authorization");
        r.removeHeader("Proxy-Authorization");
        return reference.encode(r);
    }

    private static void readProxyFields(SipMessage m, Blackhole bh) {
        bh.consume(m.method());
        bh.consume(m.callId());
        bh.consume(m.cseq());
        bh.consume(m.fromTag());
        bh.consume(m.toTag());
        bh.consume(m.topVia().branch());
        bh.consume(m.maxForwards());
        bh.consume(m.contentLength());
    }
}
