package org.webtrunk.gateway.policy;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import org.webtrunk.auth.AuthResult;
import org.webtrunk.auth.DigestAuthenticator;
import org.webtrunk.auth.DigestCredentials;
import org.webtrunk.auth.DigestParseResult;
import org.webtrunk.gateway.protection.AuthFailureTracker;
import org.webtrunk.gateway.proxy.PolicyDecision;
import org.webtrunk.gateway.sip.HeaderName;
import org.webtrunk.gateway.sip.NameAddr;
import org.webtrunk.gateway.sip.SipMessage;

/**
 * Digest authentication of a caller (RFC 3261 §22) with ephemeral credentials: REGISTER is challenged
 * with 401 and WWW-Authenticate, everything else with 407 and Proxy-Authenticate. A wrong answer gets a
 * fresh challenge (JsSIP gives up after one, which is what we want for a forged password); expired or
 * malformed credentials get 403 with a reason that says which, never a secret. Only wrong answers count
 * towards failed-auth bans, not unanswered challenges.
 */
final class CallerAuthentication {
    /** Who the caller is, once proven. */
    record Caller(String username, String credentialId, String tenant) {
    }

    /** Either a proven caller or the answer to send instead. */
    record Outcome(Caller caller, PolicyDecision answer) {
    }

    private final DigestAuthenticator authenticator;
    private final AuthFailureTracker failures;
    private final boolean requireFromMatch;
    private final long maxTtlSeconds;
    private final Clock clock;

    /**
     * @param maxTtl credentials whose expiry lies further ahead are refused: a token service bug or a leaked
     *               secret must not yield credentials that live for years
     */
    CallerAuthentication(DigestAuthenticator authenticator, AuthFailureTracker failures, boolean requireFromMatch,
                         Duration maxTtl, Clock clock) {
        this.authenticator = authenticator;
        this.failures = failures;
        this.requireFromMatch = requireFromMatch;
        this.maxTtlSeconds = maxTtl.toSeconds();
        this.clock = clock;
    }

    /**
     * Over UDP a REGISTER is answered statelessly, so a lost 200 brings the same request back: its branch and
     * source name it, and the authenticator accepts that repeat instead of refusing it as a nonce-count replay.
     * Reliable transports never retransmit: null, every repeat there is a replay.
     */
    private static String retransmissionKey(SipMessage request) {
        if (request.flow().transport().reliable()) {
            return null;
        }
        org.webtrunk.gateway.sip.Via via = request.topVia();
        String branch = via == null ? null : via.branch();
        return branch == null || branch.isEmpty() ? null
                : branch + "|" + request.flow().remoteHost() + ":" + request.flow().remote().getPort();
    }

    Outcome authenticate(SipMessage request) {
        boolean register = request.isMethod("REGISTER");
        HeaderName header = register ? HeaderName.AUTHORIZATION : HeaderName.PROXY_AUTHORIZATION;
        DigestParseResult value = credentialsForOurRealm(request, header);
        AuthResult result = authenticator.authenticateParsed(value, request.method(), retransmissionKey(request));
        InetAddress source = request.flow().remote().getAddress();
        if (result instanceof AuthResult.Authenticated a) {
            if (a.expires() - clock.instant().getEpochSecond() > maxTtlSeconds) {
                failures.recordFailure(source, a.credentialId());
                return new Outcome(null, PolicyDecision.answer(403, "Credentials Too Long-Lived"));
            }
            if (requireFromMatch && !fromMatches(request, a.credentialId())) {
                failures.recordFailure(source, a.credentialId());
                return new Outcome(null, PolicyDecision.answer(403, "From Does Not Match Credentials"));
            }
            failures.recordSuccess(source, a.credentialId());
            return new Outcome(new Caller(a.username(), a.credentialId(), a.tenant()), null);
        }
        if (result instanceof AuthResult.Challenge c) {
            if (c.reason() == AuthResult.ChallengeReason.BAD_SIGNATURE) {
                failures.recordFailure(source, usernameOf(value));
            }
            return new Outcome(null, challenge(register, c.stale()));
        }
        AuthResult.Forbidden f = (AuthResult.Forbidden) result;
        failures.recordFailure(source, usernameOf(value));
        return new Outcome(null, PolicyDecision.answer(403, reasonPhrase(f.reason())));
    }

    private PolicyDecision challenge(boolean register, boolean stale) {
        String header = (register ? "WWW-Authenticate: " : "Proxy-Authenticate: ") + authenticator.challenge(stale);
        return register
                ? PolicyDecision.answer(401, "Unauthorized", header)
                : PolicyDecision.answer(407, "Proxy Authentication Required", header);
    }

    static String reasonPhrase(AuthResult.ForbiddenReason reason) {
        return switch (reason) {
            case EXPIRED -> "Credentials Expired";
            case MALFORMED -> "Malformed Credentials";
            case UNKNOWN_ID_FORMAT -> "Unknown Credential Id";
            case REPLAY -> "Replayed Credentials";
        };
    }

    /**
     * The credentials header meant for us: with several (one per proxy realm, RFC 3261 §22.3) the one
     * whose realm is ours; a header for another realm is not ours to judge.
     */
    private DigestParseResult credentialsForOurRealm(SipMessage request, HeaderName header) {
        DigestParseResult first = null;
        for (int i = 0; i < request.headerCount(); i++) {
            if (request.headerName(i) != header) {
                continue;
            }
            DigestParseResult parsed = DigestCredentials.parse(request.headerValue(i));
            if (first == null) {
                first = parsed;
            }
            if (!parsed.isMalformed() && authenticator.realm().equals(parsed.credentials().realm())) {
                return parsed;
            }
        }
        return first;
    }

    private static String usernameOf(DigestParseResult parsed) {
        return parsed == null || parsed.isMalformed() ? null : parsed.credentials().username();
    }

    /** Kamailio's {@code autheph_check_from}: the From user must be the credential id. */
    private static boolean fromMatches(SipMessage request, String credentialId) {
        NameAddr from = request.from();
        String user = from == null || from.uri() == null ? null : from.uri().user();
        return user != null && user.toLowerCase(Locale.ROOT).equals(credentialId.toLowerCase(Locale.ROOT));
    }
}
