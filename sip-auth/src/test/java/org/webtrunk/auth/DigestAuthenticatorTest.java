package org.webtrunk.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.webtrunk.auth.AuthResult.ChallengeReason;
import org.webtrunk.auth.AuthResult.ForbiddenReason;

class DigestAuthenticatorTest {
    private static final String REALM = "webtrunk.example";
    private static final String NONCE_SECRET = "nonce-secret-0123456789";
    private final TestClock clock = new TestClock(1_700_000_000L);
    private final DigestAuthConfig config = DigestAuthConfig.defaults(REALM, List.of("gw-new", "gw-old"), NONCE_SECRET)
            .withNonceLifetime(Duration.ofSeconds(60));
    private final DigestAuthenticator auth = new DigestAuthenticator(config, clock);
    private final EphemeralCredentialMinter minter = new EphemeralCredentialMinter(config.ephemeral(), clock);

    /** What a UA such as JsSIP sends back for a challenge. */
    static String answer(String challenge, EphemeralCredentials c, String method, String uri, int nc, DigestAlgorithm alg,
                         boolean qop) {
        Challenge ch = Challenge.parse(challenge);
        String ncText = String.format("%08x", nc);
        String cnonce = "c0ffee" + nc;
        String response = DigestResponse.responseHex(alg, c.username(), ch.realm(), c.password(), method, uri,
                ch.nonce(), qop ? ncText : null, qop ? cnonce : null, qop ? "auth" : null);
        return "Digest algorithm=" + alg.token() + ", username=\"" + c.username() + "\", realm=\"" + ch.realm()
                + "\", nonce=\"" + ch.nonce() + "\", uri=\"" + uri + "\", response=\"" + response + "\", opaque=\""
                + ch.opaque() + "\"" + (qop ? ", qop=auth, cnonce=\"" + cnonce + "\", nc=" + ncText : "");
    }

    /** The three challenge parameters a client echoes. */
    record Challenge(String realm, String nonce, String opaque) {
        static Challenge parse(String header) {
            return new Challenge(param(header, "realm"), param(header, "nonce"), param(header, "opaque"));
        }

        private static String param(String header, String name) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile(name + "=\"([^\"]*)\"").matcher(header);
            if (!m.find()) {
                throw new AssertionError("no " + name + " in " + header);
            }
            return m.group(1);
        }
    }

    private String answer(EphemeralCredentials c, int nc) {
        return answer(auth.challenge(false), c, "REGISTER", "sip:" + REALM, nc, DigestAlgorithm.MD5, true);
    }

    @Test
    void challengeOffersMd5AndQopAuth() {
        String ch = auth.challenge(false);
        assertTrue(ch.startsWith("Digest realm=\"webtrunk.example\", nonce=\""), ch);
        assertTrue(ch.contains("qop=\"auth\""), ch);
        assertTrue(ch.endsWith("algorithm=MD5"), ch);
        assertTrue(auth.challenge(true).endsWith(", stale=true"));
        assertFalse(ch.contains("stale"));
    }

    @Test
    void authenticatesAndNamesTheTenant() {
        EphemeralCredentials c = minter.mint("acme.alice", 3600);
        AuthResult r = auth.authenticate(answer(c, 1), "REGISTER");
        AuthResult.Authenticated a = assertInstanceOf(AuthResult.Authenticated.class, r);
        assertEquals(AuthResult.Outcome.AUTHENTICATED, r.outcome());
        assertEquals(c.username(), a.username());
        assertEquals("acme.alice", a.credentialId());
        assertEquals("acme", a.tenant());
        assertEquals(c.expires(), a.expires());
    }

    @Test
    void idWithoutTenantMeansDefaultTenant() {
        AuthResult.Authenticated a = assertInstanceOf(AuthResult.Authenticated.class,
                auth.authenticate(answer(minter.mint("alice", 3600), 1), "REGISTER"));
        assertNull(a.tenant());
    }

    @Test
    void olderSecretStillAccepted() {
        EphemeralCredentials old = new EphemeralCredentialMinter(EphemeralConfig.of(List.of("gw-old")), clock).mint("acme.bob", 60);
        assertInstanceOf(AuthResult.Authenticated.class, auth.authenticate(answer(old, 1), "REGISTER"));
    }

    @Test
    void noCredentials() {
        assertChallenge(ChallengeReason.NO_CREDENTIALS, auth.authenticate(null, "REGISTER"));
        assertChallenge(ChallengeReason.NO_CREDENTIALS, auth.authenticate("  ", "REGISTER"));
        assertChallenge(ChallengeReason.NO_CREDENTIALS, auth.authenticateParsed(null, "REGISTER"));
    }

    @Test
    void anAlreadyParsedValueGetsTheSameVerdicts() {
        EphemeralCredentials c = minter.mint("acme.alice", 3600);
        assertInstanceOf(AuthResult.Authenticated.class,
                auth.authenticateParsed(DigestCredentials.parse(answer(c, 1)), "REGISTER"));
        EphemeralCredentials forged = new EphemeralCredentials(c.username(), "Zm9yZ2Vk", c.id(), c.expires(), c.ttl());
        assertChallenge(ChallengeReason.BAD_SIGNATURE,
                auth.authenticateParsed(DigestCredentials.parse(answer(forged, 2)), "REGISTER"));
        assertInstanceOf(AuthResult.Forbidden.class,
                auth.authenticateParsed(DigestCredentials.parse("Digest username=\"unterminated"), "REGISTER"));
    }

    @Test
    void wrongPasswordIsBadSignature() {
        EphemeralCredentials c = minter.mint("acme.alice", 3600);
        EphemeralCredentials forged = new EphemeralCredentials(c.username(), "Zm9yZ2Vk", c.id(), c.expires(), c.ttl());
        assertChallenge(ChallengeReason.BAD_SIGNATURE, auth.authenticate(answer(forged, 1), "REGISTER"));
    }

    @Test
    void answerForAnotherMethodOrUriIsBadSignature() {
        String a = answer(minter.mint("acme.alice", 3600), 1);
        assertChallenge(ChallengeReason.BAD_SIGNATURE, auth.authenticate(a, "INVITE"));
        assertChallenge(ChallengeReason.BAD_SIGNATURE, auth.authenticate(a.replace("uri=\"sip:", "uri=\"sips:"), "REGISTER"));
    }

    @Test
    void nonceWeDidNotIssueIsBadSignature() {
        EphemeralCredentials c = minter.mint("acme.alice", 3600);
        DigestAuthenticator other = new DigestAuthenticator(DigestAuthConfig.defaults(REALM, List.of("gw-new"),
                "some-other-nonce-secret"), clock);
        String a = answer(other.challenge(false), c, "REGISTER", "sip:x", 1, DigestAlgorithm.MD5, true);
        assertChallenge(ChallengeReason.BAD_SIGNATURE, auth.authenticate(a, "REGISTER"));
    }

    @Test
    void oldNonceWithRightAnswerIsStale() {
        EphemeralCredentials c = minter.mint("acme.alice", 3600);
        String a = answer(c, 1);
        clock.advance(Duration.ofSeconds(61));
        AuthResult r = auth.authenticate(a, "REGISTER");
        assertChallenge(ChallengeReason.STALE_NONCE, r);
        assertTrue(((AuthResult.Challenge) r).stale());
    }

    @Test
    void answerToANonceOfAnotherInstanceOrAnEarlierRunIsStale() {
        EphemeralCredentials c = minter.mint("acme.alice", 3600);
        DigestAuthenticator earlier = new DigestAuthenticator(config, clock); // same secret, its own serials
        String a = answer(earlier.challenge(false), c, "REGISTER", "sip:x", 1, DigestAlgorithm.MD5, true);
        assertInstanceOf(AuthResult.Authenticated.class, earlier.authenticate(a, "REGISTER"));
        AuthResult r = auth.authenticate(a, "REGISTER");
        assertChallenge(ChallengeReason.STALE_NONCE, r);
        assertTrue(((AuthResult.Challenge) r).stale(), "its counts are unknown here: re-challenged, not accepted");
    }

    @Test
    void oldNonceWithWrongAnswerIsNotStale() {
        EphemeralCredentials c = minter.mint("acme.alice", 3600);
        String a = answer(new EphemeralCredentials(c.username(), "bad", c.id(), c.expires(), c.ttl()), 1);
        clock.advance(Duration.ofSeconds(61));
        assertChallenge(ChallengeReason.BAD_SIGNATURE, auth.authenticate(a, "REGISTER"));
    }

    @Test
    void otherRealmIsWrongRealm() {
        String a = answer(minter.mint("acme.alice", 3600), 1).replace("realm=\"" + REALM + "\"", "realm=\"elsewhere\"");
        assertChallenge(ChallengeReason.WRONG_REALM, auth.authenticate(a, "REGISTER"));
    }

    @Test
    void expiredCredentialsAreForbidden() {
        EphemeralCredentials c = minter.mint("acme.alice", 30);
        String a = answer(c, 1);
        clock.advance(Duration.ofSeconds(31));
        assertForbidden(ForbiddenReason.EXPIRED, auth.authenticate(a, "REGISTER"));
    }

    @Test
    void malformedHeadersAreForbidden() {
        String a = answer(minter.mint("acme.alice", 3600), 1);
        assertForbidden(ForbiddenReason.MALFORMED, auth.authenticate(a.substring(0, a.length() / 2), "REGISTER"));
        assertForbidden(ForbiddenReason.MALFORMED, auth.authenticate(a.replace("\", uri", ", uri"), "REGISTER"));
        assertForbidden(ForbiddenReason.MALFORMED, auth.authenticate(a + ", x=\"" + "y".repeat(10_240) + "\"", "REGISTER"));
        assertForbidden(ForbiddenReason.MALFORMED, auth.authenticate(a.replace("acme.alice", "acme.al\u00efce"), "REGISTER"));
        assertForbidden(ForbiddenReason.MALFORMED, auth.authenticate("Basic YWxpY2U6c2VjcmV0", "REGISTER"));
        assertForbidden(ForbiddenReason.MALFORMED, auth.authenticate(a, null));
    }

    @Test
    void usernameWithoutTimestampIsMalformed() {
        EphemeralCredentials c = minter.mint("acme.alice", 3600);
        String a = answer(c, 1).replace(c.username(), "alice");
        assertForbidden(ForbiddenReason.MALFORMED, auth.authenticate(a, "REGISTER"));
    }

    @Test
    void algorithmWeDidNotOfferIsMalformed() {
        EphemeralCredentials c = minter.mint("acme.alice", 3600);
        String a = answer(auth.challenge(false), c, "REGISTER", "sip:x", 1, DigestAlgorithm.SHA_256, true);
        assertForbidden(ForbiddenReason.MALFORMED, auth.authenticate(a, "REGISTER"));
    }

    @Test
    void unknownIdFormatIsForbidden() {
        EphemeralCredentials c = minter.mint("foo@bar.com", 3600);
        assertForbidden(ForbiddenReason.UNKNOWN_ID_FORMAT, auth.authenticate(answer(c, 1), "REGISTER"));
    }

    @Test
    void replayedNonceCountIsForbidden() {
        EphemeralCredentials c = minter.mint("acme.alice", 3600);
        String challenge = auth.challenge(false);
        String first = answer(challenge, c, "REGISTER", "sip:x", 1, DigestAlgorithm.MD5, true);
        assertInstanceOf(AuthResult.Authenticated.class, auth.authenticate(first, "REGISTER"));
        assertForbidden(ForbiddenReason.REPLAY, auth.authenticate(first, "REGISTER"));
        String third = answer(challenge, c, "REGISTER", "sip:x", 3, DigestAlgorithm.MD5, true);
        assertInstanceOf(AuthResult.Authenticated.class, auth.authenticate(third, "REGISTER"));
        String second = answer(challenge, c, "REGISTER", "sip:x", 2, DigestAlgorithm.MD5, true);
        assertForbidden(ForbiddenReason.REPLAY, auth.authenticate(second, "REGISTER"));
    }

    @Test
    void forgedAnswersDoNotBurnNonceCounts() {
        EphemeralCredentials c = minter.mint("acme.alice", 3600);
        String challenge = auth.challenge(false);
        EphemeralCredentials forged = new EphemeralCredentials(c.username(), "bad", c.id(), c.expires(), c.ttl());
        assertChallenge(ChallengeReason.BAD_SIGNATURE,
                auth.authenticate(answer(challenge, forged, "REGISTER", "sip:x", 5, DigestAlgorithm.MD5, true), "REGISTER"));
        assertInstanceOf(AuthResult.Authenticated.class,
                auth.authenticate(answer(challenge, c, "REGISTER", "sip:x", 1, DigestAlgorithm.MD5, true), "REGISTER"));
    }

    @Test
    void rfc2069AnswerWithoutQopIsAccepted() {
        EphemeralCredentials c = minter.mint("acme.alice", 3600);
        String a = answer(auth.challenge(false), c, "REGISTER", "sip:x", 1, DigestAlgorithm.MD5, false);
        assertFalse(a.contains("qop"));
        assertInstanceOf(AuthResult.Authenticated.class, auth.authenticate(a, "REGISTER"));
    }

    @Test
    void sha256AndIdFirstConfiguration() {
        DigestAuthConfig cfg = config.withAlgorithm(DigestAlgorithm.SHA_256).withHmac(HmacAlgorithm.SHA256)
                .withUsernameFormat(UsernameFormat.ID_FIRST);
        DigestAuthenticator sha = new DigestAuthenticator(cfg, clock);
        String ch = sha.challenge(false);
        assertTrue(ch.endsWith("algorithm=SHA-256"), ch);
        EphemeralCredentials c = new EphemeralCredentialMinter(cfg.ephemeral(), clock).mint("acme.alice", 60);
        assertTrue(c.username().startsWith("acme.alice:"));
        AuthResult r = sha.authenticate(answer(ch, c, "INVITE", "sip:+4930123@x", 1, DigestAlgorithm.SHA_256, true), "INVITE");
        assertEquals("acme", assertInstanceOf(AuthResult.Authenticated.class, r).tenant());
        String md5 = answer(sha.challenge(false), c, "INVITE", "sip:x", 1, DigestAlgorithm.MD5, true);
        assertForbidden(ForbiddenReason.MALFORMED, sha.authenticate(md5, "INVITE"));
    }

    @Test
    void manyThreadsAuthenticateConcurrently() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<AuthResult>> results = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                EphemeralCredentials c = minter.mint("acme.caller" + i, 3600);
                String a = answer(c, 1);
                results.add(pool.submit(() -> auth.authenticate(a, "REGISTER")));
            }
            for (Future<AuthResult> f : results) {
                assertInstanceOf(AuthResult.Authenticated.class, f.get(10, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void configValidatesAndHidesSecrets() {
        assertTrue(config.toString().contains("redacted"));
        assertFalse(config.toString().contains("gw-new"));
        assertFalse(config.toString().contains(NONCE_SECRET));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> DigestAuthConfig.defaults("a\"b", List.of("s"), NONCE_SECRET));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> DigestAuthConfig.defaults(REALM, List.of("s"), "short"));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> config.withNonceLifetime(Duration.ZERO));
    }

    private static void assertChallenge(ChallengeReason reason, AuthResult r) {
        assertEquals(new AuthResult.Challenge(reason), r);
    }

    private static void assertForbidden(ForbiddenReason reason, AuthResult r) {
        assertEquals(new AuthResult.Forbidden(reason), r);
    }
}
