package org.webtrunk.auth;

import java.security.MessageDigest;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * Server-side SIP digest authentication with ephemeral credentials
 * (<a href="https://datatracker.ietf.org/doc/html/rfc3261#section-22">RFC 3261 §22</a>, RFC 2617, RFC 7616,
 * <a href="https://datatracker.ietf.org/doc/html/rfc8760">RFC 8760</a>): the password of a digest username is
 * base64(HMAC(secret, username)), so no user table exists. The gateway calls {@link #authenticate} per request
 * and {@link #challenge} to build a {@code WWW-Authenticate} (REGISTER, 401) or {@code Proxy-Authenticate}
 * (others, 407) value. Checking that the From user matches the credentials, and that {@code uri} matches the
 * Request-URI, is the gateway's job. Thread-safe.
 *
 * <p>Order of checks, cheapest and least revealing first: header syntax (MALFORMED), realm (WRONG_REALM),
 * algorithm, nonce signature (BAD_SIGNATURE), username expiry (EXPIRED) and id (UNKNOWN_ID_FORMAT), the
 * response against each secret (BAD_SIGNATURE), nonce age (STALE_NONCE: only a correct response earns
 * stale=true, RFC 7616 §3.3), and finally the nonce-count (REPLAY; or STALE_NONCE for a nonce more than
 * {@code maxTrackedNonces} challenges old), recorded only for correct responses so a forger cannot burn a
 * client's counts. A response without qop (RFC 2069) has no count: it is protected by the
 * nonce lifetime only.
 */
public final class DigestAuthenticator {
    private static final AuthResult NO_CREDENTIALS = new AuthResult.Challenge(AuthResult.ChallengeReason.NO_CREDENTIALS);
    private static final Map<AuthResult.ChallengeReason, AuthResult> CHALLENGES = new EnumMap<>(AuthResult.ChallengeReason.class);
    private static final Map<AuthResult.ForbiddenReason, AuthResult> FORBIDDEN = new EnumMap<>(AuthResult.ForbiddenReason.class);

    static {
        for (AuthResult.ChallengeReason r : AuthResult.ChallengeReason.values()) {
            CHALLENGES.put(r, new AuthResult.Challenge(r));
        }
        for (AuthResult.ForbiddenReason r : AuthResult.ForbiddenReason.values()) {
            FORBIDDEN.put(r, new AuthResult.Forbidden(r));
        }
    }

    private final DigestAuthConfig config;
    private final EphemeralCredentialVerifier credentials;
    private final StatelessNonces nonces;
    private final NonceCountTracker counts;
    private final String challengePrefix;

    /** An authenticator reading time from {@code clock} (use {@link Clock#systemUTC()} in production). */
    public DigestAuthenticator(DigestAuthConfig config, Clock clock) {
        this.config = Objects.requireNonNull(config, "config");
        Objects.requireNonNull(clock, "clock");
        this.credentials = new EphemeralCredentialVerifier(config.ephemeral(), clock);
        this.nonces = new StatelessNonces(config.nonceSecret(), config.realm(), config.nonceLifetime(), clock);
        this.counts = new NonceCountTracker(config.maxTrackedNonces());
        this.challengePrefix = "Digest realm=\"" + config.realm() + "\", nonce=\"";
    }

    /**
     * The value of a {@code WWW-Authenticate} or {@code Proxy-Authenticate} header with a fresh nonce:
     * {@code Digest realm="...", nonce="...", opaque="...", qop="auth", algorithm=MD5[, stale=true]}.
     */
    public String challenge(boolean stale) {
        return challengePrefix + nonces.issue(counts.next()) + "\", opaque=\"" + nonces.opaque() + "\", qop=\"auth\", algorithm="
                + config.algorithm().token() + (stale ? ", stale=true" : "");
    }

    /** The realm challenges carry. */
    public String realm() {
        return config.realm();
    }

    /**
     * Checks one {@code Authorization}/{@code Proxy-Authorization} value (pick the one whose realm is ours when a
     * request carries several). Never throws.
     *
     * @param headerValue the header value, or {@code null} when the request has none
     * @param method      the request method, used in HA2 (for ACK/CANCEL the gateway should not ask at all)
     */
    public AuthResult authenticate(String headerValue, String method) {
        if (headerValue == null || headerValue.isBlank()) {
            return NO_CREDENTIALS;
        }
        return authenticateParsed(DigestCredentials.parse(headerValue), method);
    }

    /**
     * The same for a value the caller has already parsed (to pick, among several, the one whose realm is
     * ours), so the header is parsed once per request. Never throws.
     *
     * @param parsed the parsed header value, or {@code null} when the request has none
     */
    public AuthResult authenticateParsed(DigestParseResult parsed, String method) {
        return authenticateParsed(parsed, method, null);
    }

    /**
     * The same, naming the request so that its retransmission is not taken for a replay: a request the
     * gateway answers without transaction state (REGISTER over UDP) is retransmitted whole when the answer is
     * lost. {@code requestKey} must identify one request and its sender, e.g. the Via branch and the source
     * address and port; the repeat of that exact request with the same nonce and count is accepted again.
     * Null keeps every repeat a replay.
     */
    public AuthResult authenticateParsed(DigestParseResult parsed, String method, String requestKey) {
        if (parsed == null) {
            return NO_CREDENTIALS;
        }
        if (method == null || method.isEmpty()) {
            return FORBIDDEN.get(AuthResult.ForbiddenReason.MALFORMED);
        }
        if (parsed.isMalformed()) {
            return FORBIDDEN.get(AuthResult.ForbiddenReason.MALFORMED);
        }
        DigestCredentials c = parsed.credentials();
        if (!config.realm().equals(c.realm())) {
            return CHALLENGES.get(AuthResult.ChallengeReason.WRONG_REALM);
        }
        DigestAlgorithm algorithm = c.algorithm() == null ? DigestAlgorithm.MD5 : c.algorithm();
        if (algorithm != config.algorithm()) {
            return FORBIDDEN.get(AuthResult.ForbiddenReason.MALFORMED);
        }
        byte[] given = DigestResponse.unhex(c.response());
        if (given == null || given.length != algorithm.length()) {
            return FORBIDDEN.get(AuthResult.ForbiddenReason.MALFORMED);
        }
        StatelessNonces.Checked nonce = nonces.check(c.nonce());
        if (nonce.state() == StatelessNonces.State.FORGED
                || (c.opaque() != null && !nonces.opaque().equals(c.opaque()))) {
            return CHALLENGES.get(AuthResult.ChallengeReason.BAD_SIGNATURE);
        }
        String username = c.username();
        CredentialCheck check = credentials.checkUsername(username);
        switch (check.status()) {
            case MALFORMED: return FORBIDDEN.get(AuthResult.ForbiddenReason.MALFORMED);
            case EXPIRED: return FORBIDDEN.get(AuthResult.ForbiddenReason.EXPIRED);
            case UNKNOWN_ID_FORMAT: return FORBIDDEN.get(AuthResult.ForbiddenReason.UNKNOWN_ID_FORMAT);
            default: break;
        }
        if (!responseMatches(c, username, algorithm, method, given)) {
            return CHALLENGES.get(AuthResult.ChallengeReason.BAD_SIGNATURE);
        }
        if (nonce.state() == StatelessNonces.State.STALE) {
            return CHALLENGES.get(AuthResult.ChallengeReason.STALE_NONCE);
        }
        if (c.qop() != null) {
            switch (counts.accept(nonce.serial(), c.nonceCount(), requestKey)) {
                case TOO_OLD: return CHALLENGES.get(AuthResult.ChallengeReason.STALE_NONCE);
                case REPLAY: return FORBIDDEN.get(AuthResult.ForbiddenReason.REPLAY);
                default: break;
            }
        }
        GatewayIdentity id = check.identity();
        return new AuthResult.Authenticated(username, id.id(), id.tenant(), check.expires());
    }

    private boolean responseMatches(DigestCredentials c, String username, DigestAlgorithm algorithm, String method,
                                    byte[] given) {
        DigestResponse digest = DigestResponse.forThread(algorithm);
        byte[] ha2 = digest.ha2(method, c.uri());
        for (int i = 0; i < credentials.secretCount(); i++) {
            String password = credentials.password(i, username);
            byte[] expected = digest.response(username, config.realm(), password, c.nonce(), c.nc(), c.cnonce(), c.qop(), ha2);
            if (MessageDigest.isEqual(expected, given)) {
                return true;
            }
        }
        return false;
    }
}
