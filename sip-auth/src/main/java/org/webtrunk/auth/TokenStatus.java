package org.webtrunk.auth;

/** Why a customer token was accepted or refused. */
public enum TokenStatus {
    VALID,
    /** Empty or non-printable account, negative expiry, or a key that is not base64 of 20 bytes. */
    MALFORMED,
    /** Now is after its expiry. */
    EXPIRED,
    /** Its expiry lies further ahead than the configured maximum lifetime. */
    TOO_LONG_LIVED,
    /** The key matches none of the tenant's secrets. */
    BAD_SIGNATURE
}
