package org.webtrunk.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;

/**
 * Nonces that carry their own issue time and an HMAC over it, so nothing is stored per challenge
 * (<a href="https://datatracker.ietf.org/doc/html/rfc7616#section-3.3">RFC 7616 §3.3</a> suggests exactly this
 * shape). Layout before base64url: 8 bytes issue time (ms), 8 bytes serial number (from {@link NonceCountTracker},
 * which keys nonce-counts by it), 16 bytes HMAC-SHA256(secret, first 16 bytes || realm). The MAC makes the nonce
 * unpredictable and unforgeable; the serial makes it unique. A nonce older than the lifetime is stale: the client
 * retries with stale=true without asking the user again.
 */
final class StatelessNonces {
    enum State { VALID, STALE, FORGED }

    /** A checked nonce: its state and, unless forged, its serial number. */
    record Checked(State state, long serial) {
        static final Checked FORGED = new Checked(State.FORGED, 0);
    }

    static final int ENCODED_LENGTH = 43;
    private static final int RAW_LENGTH = 32;
    private static final int SIGNED_LENGTH = 16;
    /** Nonces dated this far in the future (clock stepped back) are stale rather than accepted forever. */
    private static final long FUTURE_SKEW_MILLIS = 5_000;

    private final HmacSigner signer;
    private final byte[] realm;
    private final long lifetimeMillis;
    private final Clock clock;
    private final String opaque;

    StatelessNonces(String secret, String realm, Duration lifetime, Clock clock) {
        this.signer = new HmacSigner(HmacAlgorithm.SHA256, secret);
        this.realm = realm.getBytes(StandardCharsets.US_ASCII);
        this.lifetimeMillis = lifetime.toMillis();
        this.clock = clock;
        byte[] o = signer.sign(("opaque:" + realm).getBytes(StandardCharsets.US_ASCII));
        this.opaque = Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(o, 16));
    }

    String issue(long serial) {
        byte[] raw = new byte[RAW_LENGTH + realm.length];
        putLong(raw, 0, clock.millis());
        putLong(raw, 8, serial);
        System.arraycopy(realm, 0, raw, SIGNED_LENGTH, realm.length);
        byte[] mac = signer.sign(raw, 0, SIGNED_LENGTH + realm.length);
        System.arraycopy(mac, 0, raw, SIGNED_LENGTH, SIGNED_LENGTH);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(raw, RAW_LENGTH));
    }

    /** A fixed opaque value for this realm and secret, echoed by clients. */
    String opaque() {
        return opaque;
    }

    Checked check(String nonce) {
        if (nonce == null || nonce.length() != ENCODED_LENGTH) {
            return Checked.FORGED;
        }
        byte[] decoded;
        try {
            decoded = Base64.getUrlDecoder().decode(nonce);
        } catch (IllegalArgumentException e) {
            return Checked.FORGED;
        }
        if (decoded.length != RAW_LENGTH) {
            return Checked.FORGED;
        }
        byte[] signed = new byte[SIGNED_LENGTH + realm.length];
        System.arraycopy(decoded, 0, signed, 0, SIGNED_LENGTH);
        System.arraycopy(realm, 0, signed, SIGNED_LENGTH, realm.length);
        byte[] mac = Arrays.copyOf(signer.sign(signed), SIGNED_LENGTH);
        if (!MessageDigest.isEqual(mac, Arrays.copyOfRange(decoded, SIGNED_LENGTH, RAW_LENGTH))) {
            return Checked.FORGED;
        }
        long age = clock.millis() - getLong(decoded, 0);
        return new Checked(age > lifetimeMillis || age < -FUTURE_SKEW_MILLIS ? State.STALE : State.VALID,
                getLong(decoded, 8));
    }

    private static void putLong(byte[] b, int off, long v) {
        for (int i = 7; i >= 0; i--) {
            b[off + i] = (byte) v;
            v >>>= 8;
        }
    }

    private static long getLong(byte[] b, int off) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (b[off + i] & 0xff);
        }
        return v;
    }
}
