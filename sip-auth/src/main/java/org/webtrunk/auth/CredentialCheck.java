package org.webtrunk.auth;

/**
 * The answer of {@link EphemeralCredentialVerifier#verify}.
 *
 * @param status   why accepted or refused
 * @param identity the caller, set only when {@link #status()} is {@link CredentialStatus#VALID}
 * @param expires  the username's expiry in Unix seconds, or -1 when malformed
 */
public record CredentialCheck(CredentialStatus status, GatewayIdentity identity, long expires) {

    public boolean valid() {
        return status == CredentialStatus.VALID;
    }

    static CredentialCheck refused(CredentialStatus status, long expires) {
        return new CredentialCheck(status, null, expires);
    }
}
