package org.webtrunk.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * One HMAC key. {@link Mac} is not thread-safe, so each thread gets its own initialised instance (the JDK's
 * {@code Mac} is about twice as fast as BouncyCastle's, see FACTS.md).
 */
final class HmacSigner {
    private final ThreadLocal<Mac> mac;

    HmacSigner(String jcaName, byte[] key) {
        SecretKeySpec spec = new SecretKeySpec(key.clone(), jcaName);
        Mac probe = newMac(jcaName, spec); // fail at construction, not on the first request
        this.mac = ThreadLocal.withInitial(() -> newMac(jcaName, spec));
        this.mac.set(probe);
    }

    HmacSigner(HmacAlgorithm algorithm, String secret) {
        this(algorithm.jcaName(), secret.getBytes(StandardCharsets.UTF_8));
    }

    byte[] sign(byte[] data) {
        return mac.get().doFinal(data);
    }

    byte[] sign(byte[] data, int offset, int length) {
        Mac m = mac.get();
        m.update(data, offset, length);
        return m.doFinal();
    }

    /** Standard padded base64 of the HMAC of the text's UTF-8 bytes: the ephemeral password of a username. */
    String signBase64(String text) {
        return Base64.getEncoder().encodeToString(sign(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static Mac newMac(String jcaName, SecretKeySpec spec) {
        try {
            Mac m = Mac.getInstance(jcaName);
            m.init(spec);
            return m;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC not available: " + jcaName, e);
        }
    }
}
