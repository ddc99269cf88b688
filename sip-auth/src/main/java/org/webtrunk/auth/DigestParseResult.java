package org.webtrunk.auth;

/**
 * Outcome of {@link DigestCredentials#parse(String)}: either credentials or MALFORMED with a short reason that
 * is safe to log (it never quotes the header).
 */
public final class DigestParseResult {
    private final DigestCredentials credentials;
    private final String error;

    private DigestParseResult(DigestCredentials credentials, String error) {
        this.credentials = credentials;
        this.error = error;
    }

    static DigestParseResult ok(DigestCredentials credentials) {
        return new DigestParseResult(credentials, null);
    }

    static DigestParseResult malformed(String error) {
        return new DigestParseResult(null, error);
    }

    public boolean isMalformed() {
        return credentials == null;
    }

    /** The credentials, or {@code null} when malformed. */
    public DigestCredentials credentials() {
        return credentials;
    }

    /** Why the value is malformed, or {@code null}. */
    public String error() {
        return error;
    }

    @Override
    public String toString() {
        return isMalformed() ? "MALFORMED(" + error + ")" : "OK(" + credentials + ")";
    }
}
