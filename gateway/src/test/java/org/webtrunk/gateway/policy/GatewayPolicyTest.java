package org.webtrunk.gateway.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.webtrunk.auth.DigestAuthConfig;
import org.webtrunk.auth.DigestAuthenticator;
import org.webtrunk.auth.EphemeralConfig;
import org.webtrunk.auth.EphemeralCredentialMinter;
import org.webtrunk.auth.EphemeralCredentials;
import org.webtrunk.gateway.config.ConfigLoader;
import org.webtrunk.gateway.config.GatewayConfig;
import org.webtrunk.gateway.protection.EdgeProtection;
import org.webtrunk.gateway.proxy.PolicyDecision;
import org.webtrunk.gateway.registrar.LocationStore;
import org.webtrunk.gateway.sip.SipMessage;
import org.webtrunk.gateway.tenant.TargetHealth;
import org.webtrunk.gateway.tenant.TargetResolver;
import org.webtrunk.gateway.tenant.TenantDirectory;
import org.webtrunk.gateway.tenant.TrunkSelector;
import org.webtrunk.gateway.tenant.TrunkTarget;
import org.webtrunk.gateway.transport.Flow;
import org.webtrunk.gateway.transport.Transport;

/** What a caller meets before anything reaches a trunk: challenges, refusals, registrations, routes. */
class GatewayPolicyTest {
    private static final String SECRET = "policy-test-secret-0123456789";
    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(1_800_000_000L), ZoneOffset.UTC);
    private static final InetSocketAddress TRUNK_A = new InetSocketAddress("127.0.0.2", 5090);

    private final EmbeddedChannel channel = new EmbeddedChannel();
    private GatewayPolicy policy;
    private LocationStore locations;
    private GatewayConfig config;

    @BeforeEach
    void setUp() {
        config = ConfigLoader.parse("""
                auth: {max-credential-ttl: 1h}
                trunks:
                  - {name: ta, targets: [{uri: "sip:127.0.0.2:5090;transport=udp"}], strip-headers: [X-Secret], add-headers: ["X-Tenant: a"]}
                  - {name: tb, targets: [{uri: "sip:127.0.0.3:5090;transport=udp"}]}
                tenants:
                  - {id: a, numbers: ["+1555*"], trunks: [ta]}
                  - {id: b, numbers: ["+4930*"], trunks: [tb], dial-refusal: 404}
                """, "policy-test.yaml", Path.of("."), name -> name.equals("WEBTRUNK_GATEWAY_SECRET") ? SECRET : null);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        TenantDirectory tenants = TenantDirectory.build(config.tenants(), TargetResolver.system());
        locations = new LocationStore(config.registrar(), Ticker.systemTicker());
        DigestAuthenticator auth = new DigestAuthenticator(DigestAuthConfig.defaults(config.auth().realm(),
                config.auth().secrets(), DigestAuthConfig.randomNonceSecret(new SecureRandom())), CLOCK);
        policy = new GatewayPolicy(tenants, new TrunkSelector(new TargetHealth(tenants.trunks(), meters)), locations,
                auth, config.auth(), new EdgeProtection(config.protection(), meters), CLOCK);
    }

    @AfterEach
    void tearDown() {
        channel.finishAndReleaseAll();
    }

    private Flow browser() {
        return new Flow(7, Transport.WS, channel, new InetSocketAddress("127.0.0.9", 40000),
                new InetSocketAddress("127.0.0.1", 8080));
    }

    private SipMessage request(Flow flow, String method, String ruri, String... extra) {
        StringBuilder sb = new StringBuilder(method + " " + ruri + " SIP/2.0\r\n"
                + "Via: SIP/2.0/WS x.invalid;branch=z9hG4bK" + System.nanoTime() + "\r\n"
                + "Max-Forwards: 70\r\n"
                + "To: <sip:alice@example.invalid>\r\n"
                + "From: <sip:alice@example.invalid>;tag=abc\r\n"
                + "Call-ID: c1\r\n"
                + "CSeq: 2 " + method + "\r\n");
        for (String e : extra) {
            sb.append(e).append("\r\n");
        }
        sb.append("Content-Length: 0\r\n\r\n");
        return SipMessage.decode(io.netty.buffer.Unpooled.copiedBuffer(sb, StandardCharsets.UTF_8), flow, 256, false);
    }

    private PolicyDecision decide(SipMessage m) {
        try {
            return policy.decide(m);
        } finally {
            m.release();
        }
    }

    private EphemeralCredentials credentials(String id, long ttl) {
        return new EphemeralCredentialMinter(EphemeralConfig.of(List.of(SECRET)), CLOCK).mint(id, ttl);
    }

    /** The Authorization value a UA computes for a challenge (RFC 2617 §3.2.2, qop=auth, MD5). */
    private static String answer(String challenge, EphemeralCredentials c, String method, String uri) throws Exception {
        String realm = param(challenge, "realm");
        String nonce = param(challenge, "nonce");
        String opaque = param(challenge, "opaque");
        String ha1 = md5(c.username() + ":" + realm + ":" + c.password());
        String ha2 = md5(method + ":" + uri);
        String response = md5(ha1 + ":" + nonce + ":00000001:0a4f113b:auth:" + ha2);
        return "Digest username=\"" + c.username() + "\", realm=\"" + realm + "\", nonce=\"" + nonce + "\", uri=\""
                + uri + "\", response=\"" + response + "\", algorithm=MD5, qop=auth, nc=00000001, cnonce=\"0a4f113b\""
                + (opaque != null ? ", opaque=\"" + opaque + "\"" : "");
    }

    private static String param(String header, String name) {
        Matcher m = Pattern.compile(name + "=\"([^\"]*)\"").matcher(header);
        return m.find() ? m.group(1) : null;
    }

    private static String md5(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
    }

    private static PolicyDecision.Answer answerOf(PolicyDecision d) {
        return assertInstanceOf(PolicyDecision.Answer.class, d);
    }

    private String challengeFor(String method, String ruri) {
        PolicyDecision.Answer a = answerOf(decide(request(browser(), method, ruri)));
        assertEquals(method.equals("REGISTER") ? 401 : 407, a.status(), a.toString());
        String header = a.headers().get(0);
        assertTrue(header.startsWith(method.equals("REGISTER") ? "WWW-Authenticate: Digest " : "Proxy-Authenticate: Digest "), header);
        assertTrue(header.contains("algorithm=MD5") && header.contains("qop=\"auth\""), header);
        return header;
    }

    @Test
    void optionsToTheGatewayItselfIsAnsweredWithoutCredentials() {
        PolicyDecision.Answer a = answerOf(decide(request(browser(), "OPTIONS", "sip:127.0.0.1:8080")));
        assertEquals(200, a.status());
        assertTrue(a.headers().stream().anyMatch(h -> h.startsWith("Allow: ")), a.headers().toString());
    }

    @Test
    void callToANumberNoTenantOwnsIsRefusedBeforeAnyChallenge() {
        PolicyDecision.Answer a = answerOf(decide(request(browser(), "INVITE", "sip:+999123@gw")));
        assertEquals(404, a.status());
    }

    @Test
    void authenticatedCallGoesToTheTenantsTrunkWithoutCredentials() throws Exception {
        String ruri = "sip:+15551234@gw";
        String challenge = challengeFor("INVITE", ruri);
        EphemeralCredentials c = credentials("a.alice", 600);
        PolicyDecision d = decide(request(browser(), "INVITE", ruri,
                "Proxy-Authorization: " + answer(challenge, c, "INVITE", ruri)));
        PolicyDecision.Route route = assertInstanceOf(PolicyDecision.Route.class, d, d.toString());
        assertEquals(TRUNK_A, route.targets().get(0).address());
        assertEquals("ta", ((TrunkTarget) route.targets().get(0).origin()).trunkName());
        assertTrue(route.stripHeaders().containsAll(List.of("proxy-authorization", "authorization")),
                route.stripHeaders().toString());
        TrunkTarget target = (TrunkTarget) route.targets().get(0).origin();
        assertEquals(java.util.Set.of("x-secret"), target.stripHeaders(), "the trunk's own, applied per target");
        assertEquals(List.of("X-Tenant: a"), target.addHeaderLines());
    }

    @Test
    void tenantACannotCallTenantBsNumbers() throws Exception {
        String ruri = "sip:+4930555@gw";
        String challenge = challengeFor("INVITE", ruri);
        PolicyDecision.Answer a = answerOf(decide(request(browser(), "INVITE", ruri,
                "Proxy-Authorization: " + answer(challenge, credentials("a.alice", 600), "INVITE", ruri))));
        assertEquals(403, a.status());
        assertEquals("Number Not Allowed", a.reason());
    }

    @Test
    void wrongPasswordIsChallengedAgainAndExpiredIsForbiddenWithAReason() throws Exception {
        String ruri = "sip:+15551234@gw";
        String challenge = challengeFor("INVITE", ruri);
        EphemeralCredentials good = credentials("a.alice", 600);
        EphemeralCredentials forged = new EphemeralCredentials(good.username(), "AAAAAAAAAAAAAAAAAAAAAAAAAAA=",
                good.id(), good.expires(), good.ttl());
        assertEquals(407, answerOf(decide(request(browser(), "INVITE", ruri,
                "Proxy-Authorization: " + answer(challenge, forged, "INVITE", ruri)))).status());
        EphemeralCredentials expired = new EphemeralCredentialMinter(EphemeralConfig.of(List.of(SECRET)),
                Clock.offset(CLOCK, Duration.ofHours(-2))).mint("a.alice", 60);
        PolicyDecision.Answer a = answerOf(decide(request(browser(), "INVITE", ruri,
                "Proxy-Authorization: " + answer(challenge, expired, "INVITE", ruri))));
        assertEquals(403, a.status());
        assertEquals("Credentials Expired", a.reason());
        assertTrue(!a.toString().contains(SECRET));
    }

    @Test
    void credentialsLivingLongerThanAllowedAreRefused() throws Exception {
        String ruri = "sip:+15551234@gw";
        String challenge = challengeFor("INVITE", ruri);
        PolicyDecision.Answer a = answerOf(decide(request(browser(), "INVITE", ruri,
                "Proxy-Authorization: " + answer(challenge, credentials("a.alice", 86_400), "INVITE", ruri))));
        assertEquals(403, a.status());
        assertEquals("Credentials Too Long-Lived", a.reason());
    }

    @Test
    void registerBindsTheFlowAndEchoesTheContactAndACallFromTheTrunkReachesIt() throws Exception {
        String ruri = "sip:example.invalid";
        String challenge = challengeFor("REGISTER", ruri);
        String contact = "<sip:k3ls@df7jal23ls0d.invalid;transport=ws>;+sip.ice;reg-id=1;"
                + "+sip.instance=\"<urn:uuid:3f8a-1>\";expires=600";
        Flow browser = browser();
        PolicyDecision.Answer ok = answerOf(decide(request(browser, "REGISTER", ruri, "Contact: " + contact,
                "Authorization: " + answer(challenge, credentials("a.alice", 600), "REGISTER", ruri))));
        assertEquals(200, ok.status());
        assertEquals(List.of("Contact: <sip:k3ls@df7jal23ls0d.invalid;transport=ws>;+sip.ice;reg-id=1;"
                + "+sip.instance=\"<urn:uuid:3f8a-1>\";expires=600"), ok.headers());

        Flow trunk = new Flow(0, Transport.UDP, channel, TRUNK_A, new InetSocketAddress("127.0.0.1", 5060));
        PolicyDecision fromTrunk = decide(request(trunk, "INVITE", "sip:alice@127.0.0.1:5060"));
        PolicyDecision.Route route = assertInstanceOf(PolicyDecision.Route.class, fromTrunk, fromTrunk.toString());
        assertEquals(browser, route.targets().get(0).flow());
        assertEquals(480, answerOf(decide(request(trunk, "INVITE", "sip:bob@127.0.0.1:5060"))).status());
    }

    @Test
    void aRegisterRetransmittedOverUdpGets200AgainButItsReplayFromElsewhereIsRefused() throws Exception {
        String ruri = "sip:example.invalid";
        String challenge = challengeFor("REGISTER", ruri);
        String text = "REGISTER " + ruri + " SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.9:5060;branch=z9hG4bK-retx\r\n"
                + "Max-Forwards: 70\r\nTo: <sip:alice@example.invalid>\r\nFrom: <sip:alice@example.invalid>;tag=abc\r\n"
                + "Call-ID: c-udp\r\nCSeq: 2 REGISTER\r\nContact: <sip:alice@127.0.0.9:5060>\r\n"
                + "Authorization: " + answer(challenge, credentials("a.alice", 600), "REGISTER", ruri) + "\r\n"
                + "Content-Length: 0\r\n\r\n";
        Flow phone = new Flow(9, Transport.UDP, channel, new InetSocketAddress("127.0.0.9", 5060),
                new InetSocketAddress("127.0.0.1", 5060));
        Flow attacker = new Flow(10, Transport.UDP, channel, new InetSocketAddress("127.0.0.66", 5060),
                new InetSocketAddress("127.0.0.1", 5060));
        assertEquals(200, answerOf(decide(udp(text, phone))).status());
        assertEquals(200, answerOf(decide(udp(text, phone))).status(), "its 200 was lost: no transaction kept it");
        assertEquals(403, answerOf(decide(udp(text, attacker))).status(), "the same bytes from elsewhere are a replay");
    }

    private static SipMessage udp(String text, Flow flow) {
        return SipMessage.decode(io.netty.buffer.Unpooled.copiedBuffer(text, StandardCharsets.UTF_8), flow, 256, false);
    }

    @Test
    void inDialogRequestsGoOnToLooseRouting() {
        PolicyDecision.Answer outOfDialog = answerOf(decide(request(browser(), "BYE", "sip:trunk@127.0.0.2:5090")));
        assertEquals(481, outOfDialog.status()); // no To tag: a BYE outside a dialog matches no call
        assertEquals(405, answerOf(decide(request(browser(), "PUBLISH", "sip:trunk@127.0.0.2:5090"))).status());
        SipMessage inDialog = SipMessage.decode(io.netty.buffer.Unpooled.copiedBuffer(
                "BYE sip:trunk@127.0.0.2:5090 SIP/2.0\r\nVia: SIP/2.0/WS x.invalid;branch=z9hG4bK1\r\nMax-Forwards: 70\r\n"
                        + "To: <sip:+15551234@gw>;tag=t\r\nFrom: <sip:a@x>;tag=f\r\nCall-ID: c\r\nCSeq: 3 BYE\r\n"
                        + "Content-Length: 0\r\n\r\n", StandardCharsets.UTF_8), browser(), 256, false);
        assertInstanceOf(PolicyDecision.Proceed.class, decide(inDialog));
    }
}
