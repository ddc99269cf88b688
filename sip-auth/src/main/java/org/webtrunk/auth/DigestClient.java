package org.webtrunk.auth;

/**
 * The client's side of SIP Digest: the {@code response} a caller puts in its Authorization or
 * Proxy-Authorization header (RFC 7616 §3.4.1, RFC 2617 §3.2.2), computed as {@link DigestAuthenticator} expects
 * it. For the gateway's own synthetic callers (the start-up warm-up) and for tools.
 */
public final class DigestClient {
    private DigestClient() {
    }

    /**
     * Lower-case hex of the response; {@code qop} null selects the RFC 2069 form without {@code nc} and
     * {@code cnonce}.
     */
    public static String responseHex(DigestAlgorithm algorithm, String username, String realm, String password,
                                     String method, String uri, String nonce, String nc, String cnonce, String qop) {
        return DigestResponse.responseHex(algorithm, username, realm, password, method, uri, nonce, nc, cnonce, qop);
    }
}
