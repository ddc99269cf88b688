package org.webtrunk.auth;

/**
 * The answer of {@link DigestAuthenticator#authenticate(String, String)}: authenticated, challenge again
 * (401/407 with a fresh nonce; stale=true for {@link ChallengeReason#STALE_NONCE}), or forbidden (403).
 * Switch on {@link #outcome()} or use {@code instanceof} on the three records.
 */
public sealed interface AuthResult permits AuthResult.Authenticated, AuthResult.Challenge, AuthResult.Forbidden {

    enum Outcome { AUTHENTICATED, CHALLENGE, FORBIDDEN }

    /** Why the request is challenged (again). */
    enum ChallengeReason {
        /** No credentials in the request. */
        NO_CREDENTIALS,
        /** The response does not match any secret, or the nonce/opaque was not issued by us. */
        BAD_SIGNATURE,
        /** The response is right but the nonce is too old: challenge with stale=true. */
        STALE_NONCE,
        /** The credentials are for another realm. */
        WRONG_REALM
    }

    /** Why the request is refused outright. */
    enum ForbiddenReason {
        /** The ephemeral username's expiry has passed: the client needs new credentials. */
        EXPIRED,
        /** The header or the username cannot be parsed, or uses an algorithm we did not offer. */
        MALFORMED,
        /** The username's id is not {@code <tenant>.<caller>} nor a bare caller. */
        UNKNOWN_ID_FORMAT,
        /** The nonce-count was already used for this nonce. */
        REPLAY
    }

    Outcome outcome();

    /**
     * @param username     the digest username (the whole ephemeral username)
     * @param credentialId its id part, e.g. {@code acme.k3J9...}
     * @param tenant       the tenant named by the id, or {@code null} for the gateway's default tenant
     * @param expires      the credentials' expiry, Unix seconds
     */
    record Authenticated(String username, String credentialId, String tenant, long expires) implements AuthResult {
        @Override
        public Outcome outcome() {
            return Outcome.AUTHENTICATED;
        }
    }

    record Challenge(ChallengeReason reason) implements AuthResult {
        @Override
        public Outcome outcome() {
            return Outcome.CHALLENGE;
        }

        /** Whether the new challenge carries stale=true. */
        public boolean stale() {
            return reason == ChallengeReason.STALE_NONCE;
        }
    }

    record Forbidden(ForbiddenReason reason) implements AuthResult {
        @Override
        public Outcome outcome() {
            return Outcome.FORBIDDEN;
        }
    }
}
