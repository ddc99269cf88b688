package org.webtrunk.bench;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.webtrunk.auth.AuthResult;
import org.webtrunk.auth.CredentialCheck;
import org.webtrunk.auth.DigestAuthConfig;
import org.webtrunk.auth.DigestAuthenticator;
import org.webtrunk.auth.DigestCredentials;
import org.webtrunk.auth.DigestParseResult;
import org.webtrunk.auth.EphemeralCredentialMinter;
import org.webtrunk.auth.EphemeralCredentialVerifier;
import org.webtrunk.auth.EphemeralCredentials;
import org.webtrunk.auth.GatewayIdentity;

/**
 * Per-request cost of sip-auth on one thread: verifying ephemeral credentials (as Kamailio's
 * autheph_authenticate) and the full digest check of a JsSIP REGISTER answer (parse, nonce HMAC, password HMAC,
 * three MD5, nonce-count table). Every REGISTER answer uses its own nonce with nc=1, as JsSIP sends after each
 * challenge; the authenticator is replaced when the ring of prepared answers wraps, so none is a replay.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
public class AuthBenchmark {
    private static final String REALM = "webtrunk.example.com";
    private static final int RING = 1 << 16;

    private DigestAuthConfig config;
    private DigestAuthenticator authenticator;
    private EphemeralCredentialVerifier verifier;
    private EphemeralCredentials credentials;
    private String[] registers;
    private int next;

    @Setup
    public void setUp() throws Exception {
        SecureRandom random = new SecureRandom();
        config = DigestAuthConfig.defaults(REALM, List.of("gateway-secret-2026-11", "gateway-secret-2026-10"),
                DigestAuthConfig.randomNonceSecret(random)).withNonceLifetime(Duration.ofHours(1));
        Clock clock = Clock.systemUTC();
        authenticator = new DigestAuthenticator(config, clock);
        verifier = new EphemeralCredentialVerifier(config.ephemeral(), clock);
        credentials = new EphemeralCredentialMinter(config.ephemeral(), clock)
                .mint(GatewayIdentity.random("acme", random), 3600);
        registers = new String[RING];
        for (int i = 0; i < RING; i++) {
            registers[i] = jssipRegister(authenticator.challenge(false), credentials, i);
        }
        AuthResult first = authenticator.authenticate(registers[0], "REGISTER");
        if (first.outcome() != AuthResult.Outcome.AUTHENTICATED) {
            throw new IllegalStateException("benchmark input does not authenticate: " + first);
        }
        authenticator = new DigestAuthenticator(config, clock);
    }

    /** Ephemeral username/password check alone (HMAC-SHA1, base64, constant-time compare). */
    @Benchmark
    public CredentialCheck verifyCredentials() {
        return verifier.verify(credentials.username(), credentials.password());
    }

    /** Full per-request digest verification of a JsSIP REGISTER Authorization value. */
    @Benchmark
    public AuthResult verifyDigestRegister() {
        if (next == RING) {
            next = 0;
            authenticator = new DigestAuthenticator(config, Clock.systemUTC());
        }
        return authenticator.authenticate(registers[next++], "REGISTER");
    }

    /** Parsing the Authorization value alone. */
    @Benchmark
    public DigestParseResult parseAuthorization() {
        return DigestCredentials.parse(registers[next++ & (RING - 1)]);
    }

    /** A challenge header value with a fresh stateless nonce (the cost of every unauthenticated request). */
    @Benchmark
    public String challenge() {
        return authenticator.challenge(false);
    }

    /** What JsSIP 3.13 puts in Authorization after a 401 (same parameter order and quoting). */
    static String jssipRegister(String challenge, EphemeralCredentials c, int i) throws NoSuchAlgorithmException {
        String nonce = param(challenge, "nonce");
        String opaque = param(challenge, "opaque");
        String cnonce = Long.toString(0x1000000000L + i * 7919L, 36);
        String uri = "sip:" + REALM;
        String ha1 = md5(c.username() + ":" + REALM + ":" + c.password());
        String ha2 = md5("REGISTER:" + uri);
        String response = md5(ha1 + ":" + nonce + ":00000001:" + cnonce + ":auth:" + ha2);
        return "Digest algorithm=MD5, username=\"" + c.username() + "\", realm=\"" + REALM + "\", nonce=\"" + nonce
                + "\", uri=\"" + uri + "\", response=\"" + response + "\", opaque=\"" + opaque
                + "\", qop=auth, cnonce=\"" + cnonce + "\", nc=00000001";
    }

    private static String param(String header, String name) {
        Matcher m = Pattern.compile(name + "=\"([^\"]*)\"").matcher(header);
        if (!m.find()) {
            throw new IllegalStateException("no " + name);
        }
        return m.group(1);
    }

    private static String md5(String s) throws NoSuchAlgorithmException {
        byte[] d = MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.US_ASCII));
        StringBuilder sb = new StringBuilder(32);
        for (byte b : d) {
            sb.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
        }
        return sb.toString();
    }
}
