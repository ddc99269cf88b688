package org.webtrunk.auth;

/**
 * A minted username/password pair, as handed to a browser for digest authentication.
 *
 * @param username  {@code <expiry>:<id>} or {@code <id>:<expiry>}
 * @param password  base64 of HMAC(secret, username)
 * @param id        the id part of the username
 * @param expires   Unix seconds after which the credentials are refused
 * @param ttl       seconds of validity at minting, as the TURN REST draft's {@code ttl}
 */
public record EphemeralCredentials(String username, String password, String id, long expires, long ttl) {

    @Override
    public String toString() {
        return "EphemeralCredentials[username=" + username + ", password=<redacted>, expires=" + expires + "]";
    }
}
