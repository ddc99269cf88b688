package org.webtrunk.auth;

/**
 * Digest hash (<a href="https://datatracker.ietf.org/doc/html/rfc7616#section-3.2">RFC 7616 §3.2</a>,
 * <a href="https://datatracker.ietf.org/doc/html/rfc8760">RFC 8760</a> for SIP). JsSIP only answers MD5
 * challenges, so MD5 is the default; the {@code -sess} variants are not offered.
 */
public enum DigestAlgorithm {
    MD5("MD5", "MD5", 16),
    SHA_256("SHA-256", "SHA-256", 32);

    private final String token;
    private final String jcaName;
    private final int length;

    DigestAlgorithm(String token, String jcaName, int length) {
        this.token = token;
        this.jcaName = jcaName;
        this.length = length;
    }

    /** The value of the {@code algorithm} parameter, e.g. {@code SHA-256}. */
    public String token() {
        return token;
    }

    String jcaName() {
        return jcaName;
    }

    /** Digest length in bytes. */
    int length() {
        return length;
    }

    /** The algorithm named by an {@code algorithm} parameter (case-insensitive), or {@code null} if unsupported. */
    public static DigestAlgorithm fromToken(String token) {
        for (DigestAlgorithm a : values()) {
            if (a.token.equalsIgnoreCase(token)) {
                return a;
            }
        }
        return null;
    }
}
