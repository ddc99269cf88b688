package org.webtrunk.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Verifies ephemeral credentials against every configured secret (rotation). Checks run cheapest first, the
 * order Kamailio uses for the first two: {@code MALFORMED}, {@code EXPIRED} (now &gt; expiry),
 * {@code UNKNOWN_ID_FORMAT}, then the HMAC ({@code BAD_SIGNATURE}), compared in constant time. Thread-safe.
 */
public final class EphemeralCredentialVerifier {
    private final EphemeralConfig config;
    private final HmacSigner[] signers;
    private final Clock clock;

    public EphemeralCredentialVerifier(EphemeralConfig config, Clock clock) {
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
        List<String> secrets = config.secrets();
        this.signers = new HmacSigner[secrets.size()];
        for (int i = 0; i < signers.length; i++) {
            signers[i] = new HmacSigner(config.hmac(), secrets.get(i));
        }
    }

    /** Checks a username/password pair as sent by a client (e.g. at a WebSocket handshake). Never throws. */
    public CredentialCheck verify(String username, String password) {
        CredentialCheck pre = checkUsername(username);
        if (pre.status() != CredentialStatus.VALID) {
            return pre;
        }
        if (password == null) {
            return CredentialCheck.refused(CredentialStatus.BAD_SIGNATURE, pre.expires());
        }
        byte[] given = password.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < signers.length; i++) {
            byte[] expected = signers[i].signBase64(username).getBytes(StandardCharsets.US_ASCII);
            if (MessageDigest.isEqual(expected, given)) {
                return pre;
            }
        }
        return CredentialCheck.refused(CredentialStatus.BAD_SIGNATURE, pre.expires());
    }

    /**
     * Everything but the signature: {@code VALID} here means "worth computing the HMAC for". The identity of a
     * {@code VALID} answer is not yet authenticated.
     */
    CredentialCheck checkUsername(String username) {
        EphemeralUsername parsed = EphemeralUsername.parse(username, config.format());
        if (parsed == null) {
            return CredentialCheck.refused(CredentialStatus.MALFORMED, -1);
        }
        if (clock.instant().getEpochSecond() > parsed.expires()) {
            return CredentialCheck.refused(CredentialStatus.EXPIRED, parsed.expires());
        }
        Optional<GatewayIdentity> identity = GatewayIdentity.parse(parsed.id());
        if (identity.isEmpty()) {
            return CredentialCheck.refused(CredentialStatus.UNKNOWN_ID_FORMAT, parsed.expires());
        }
        return new CredentialCheck(CredentialStatus.VALID, identity.get(), parsed.expires());
    }

    /** How many secrets are tried. */
    int secretCount() {
        return signers.length;
    }

    /** The password the i-th secret gives for a username (used to build the digest HA1). */
    String password(int secretIndex, String username) {
        return signers[secretIndex].signBase64(username);
    }
}
