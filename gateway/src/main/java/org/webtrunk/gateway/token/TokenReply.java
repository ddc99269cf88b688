package org.webtrunk.gateway.token;

import org.webtrunk.auth.EphemeralCredentials;

/**
 * What the token service decided for one request.
 *
 * @param outcome           the answer
 * @param tenant            the tenant the request was for, when it is a configured one; else null
 * @param credentials       the minted gateway credentials when {@link TokenOutcome#OK}; else null
 * @param message           the text for the client (a fixed text, never client input)
 * @param retryAfterSeconds for rate limiting: seconds until a retry can succeed; else 0
 */
record TokenReply(TokenOutcome outcome, String tenant, EphemeralCredentials credentials, String message,
                  long retryAfterSeconds) {

    static TokenReply refused(TokenOutcome outcome, String tenant) {
        return new TokenReply(outcome, tenant, null, outcome.message(), 0);
    }

    static TokenReply refused(TokenOutcome outcome, String tenant, String message) {
        return new TokenReply(outcome, tenant, null, message, 0);
    }

    static TokenReply rateLimited(TokenOutcome outcome, String tenant, long retryAfterNanos) {
        long seconds = Math.max(1, (retryAfterNanos + 999_999_999L) / 1_000_000_000L);
        return new TokenReply(outcome, tenant, null, outcome.message(), seconds);
    }
}
