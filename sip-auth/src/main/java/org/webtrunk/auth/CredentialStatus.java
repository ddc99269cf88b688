package org.webtrunk.auth;

/** Why ephemeral credentials were accepted or refused; the gateway picks 401/407 again or 403 by it. */
public enum CredentialStatus {
    VALID,
    /** No parsable expiry in the username (or control characters, or longer than 256). */
    MALFORMED,
    /** Now is after the expiry in the username. */
    EXPIRED,
    /** The password (or the digest response made from it) matches none of the secrets. */
    BAD_SIGNATURE,
    /** The id is not {@code <tenant>.<caller>} nor a bare caller, see {@link GatewayIdentity}. */
    UNKNOWN_ID_FORMAT
}
