package org.webtrunk.auth;

/**
 * A token a tenant's web backend gives its browser, to trade for gateway credentials.
 *
 * @param account the tenant's own name for the user (any printable ASCII, at most 256 characters)
 * @param expires Unix seconds after which the token is refused
 * @param key     base64(HMAC-SHA1(tenant secret, {@code "<expires>:<account>"})), standard padded base64
 */
public record CustomerToken(String account, long expires, String key) {

    @Override
    public String toString() {
        return "CustomerToken[account=" + account + ", expires=" + expires + ", key=<redacted>]";
    }
}
