package org.webtrunk.auth;

import java.util.List;
import java.util.Objects;

/**
 * Settings shared by {@link EphemeralCredentialMinter} and {@link EphemeralCredentialVerifier}.
 *
 * @param secrets shared secrets, newest first: minting uses the first, verification accepts any, so a secret
 *                can be rotated without breaking credentials already handed out (Kamailio tries its last
 *                configured secret first, which is the same idea). Never logged: {@link #toString()} redacts them.
 * @param hmac    HMAC for the password; default {@link HmacAlgorithm#SHA1}
 * @param format  username layout; default {@link UsernameFormat#TIMESTAMP_FIRST}
 */
public record EphemeralConfig(List<String> secrets, HmacAlgorithm hmac, UsernameFormat format) {

    public EphemeralConfig {
        Objects.requireNonNull(secrets, "secrets");
        Objects.requireNonNull(hmac, "hmac");
        Objects.requireNonNull(format, "format");
        secrets = List.copyOf(secrets);
        if (secrets.isEmpty()) {
            throw new IllegalArgumentException("at least one secret is needed");
        }
        for (String s : secrets) {
            if (s.isEmpty()) {
                throw new IllegalArgumentException("a secret must not be empty");
            }
        }
    }

    /** SHA-1 and {@code <expiry>:<id>}, the defaults of the TURN REST draft and of Kamailio. */
    public static EphemeralConfig of(List<String> secrets) {
        return new EphemeralConfig(secrets, HmacAlgorithm.SHA1, UsernameFormat.TIMESTAMP_FIRST);
    }

    @Override
    public String toString() {
        return "EphemeralConfig[secrets=<" + secrets.size() + " redacted>, hmac=" + hmac + ", format=" + format + "]";
    }
}
