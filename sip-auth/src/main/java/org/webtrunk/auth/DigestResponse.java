package org.webtrunk.auth;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The digest response computation of
 * <a href="https://datatracker.ietf.org/doc/html/rfc7616#section-3.4.1">RFC 7616 §3.4.1</a> (and RFC 2617 §3.2.2,
 * RFC 2069 without qop): HA1 = H(username:realm:password), HA2 = H(method:uri),
 * response = H(HA1:nonce:nc:cnonce:qop:HA2), or H(HA1:nonce:HA2) without qop. One {@link MessageDigest} and
 * scratch buffer per thread and algorithm; inputs are ASCII (the parser refuses anything else).
 */
final class DigestResponse {
    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final ThreadLocal<DigestResponse> MD5 = ThreadLocal.withInitial(() -> new DigestResponse(DigestAlgorithm.MD5));
    private static final ThreadLocal<DigestResponse> SHA_256 = ThreadLocal.withInitial(() -> new DigestResponse(DigestAlgorithm.SHA_256));

    private final MessageDigest md;
    private byte[] buf = new byte[512];
    private int pos;

    private DigestResponse(DigestAlgorithm algorithm) {
        try {
            md = MessageDigest.getInstance(algorithm.jcaName());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm.jcaName() + " not available", e);
        }
    }

    static DigestResponse forThread(DigestAlgorithm algorithm) {
        return algorithm == DigestAlgorithm.MD5 ? MD5.get() : SHA_256.get();
    }

    /** Lower-case hex of H(method:uri). */
    byte[] ha2(String method, String uri) {
        pos = 0;
        put(method).put(':').put(uri);
        return hex(hash());
    }

    /** The raw (binary) expected response; {@code qop == null} selects the RFC 2069 form. */
    byte[] response(String username, String realm, String password, String nonce,
                    String nc, String cnonce, String qop, byte[] ha2Hex) {
        pos = 0;
        put(username).put(':').put(realm).put(':').put(password);
        byte[] ha1Hex = hex(hash());
        pos = 0;
        put(ha1Hex).put(':').put(nonce).put(':');
        if (qop != null) {
            put(nc).put(':').put(cnonce).put(':').put(qop).put(':');
        }
        put(ha2Hex);
        return hash();
    }

    /** Convenience for tests and tools: lower-case hex of the response. */
    static String responseHex(DigestAlgorithm algorithm, String username, String realm, String password,
                              String method, String uri, String nonce, String nc, String cnonce, String qop) {
        DigestResponse d = forThread(algorithm);
        byte[] ha2 = d.ha2(method, uri);
        return new String(hex(d.response(username, realm, password, nonce, nc, cnonce, qop, ha2)),
                java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** Hex text to bytes; {@code null} if not an even number of hex digits. */
    static byte[] unhex(String s) {
        if ((s.length() & 1) != 0) {
            return null;
        }
        byte[] out = new byte[s.length() / 2];
        for (int i = 0; i < out.length; i++) {
            int hi = Character.digit(s.charAt(2 * i), 16);
            int lo = Character.digit(s.charAt(2 * i + 1), 16);
            if (hi < 0 || lo < 0) {
                return null;
            }
            out[i] = (byte) ((hi << 4) | lo);
        }
        return out;
    }

    static byte[] hex(byte[] raw) {
        byte[] out = new byte[raw.length * 2];
        for (int i = 0; i < raw.length; i++) {
            out[2 * i] = HEX[(raw[i] >> 4) & 0xf];
            out[2 * i + 1] = HEX[raw[i] & 0xf];
        }
        return out;
    }

    private byte[] hash() {
        md.update(buf, 0, pos);
        return md.digest();
    }

    private DigestResponse put(char c) {
        ensure(1);
        buf[pos++] = (byte) c;
        return this;
    }

    private DigestResponse put(String s) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            buf[pos++] = (byte) s.charAt(i);
        }
        return this;
    }

    private DigestResponse put(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, buf, pos, b.length);
        pos += b.length;
        return this;
    }

    private void ensure(int n) {
        if (pos + n > buf.length) {
            buf = java.util.Arrays.copyOf(buf, Math.max(buf.length * 2, pos + n));
        }
    }
}
