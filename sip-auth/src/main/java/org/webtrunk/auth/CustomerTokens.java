package org.webtrunk.auth;

import java.time.Clock;

/**
 * Minting of customer tokens, as a tenant backend does it (reference implementation for tenants and for the
 * {@code mint-customer-token.sh} script): {@code key = base64(HMAC-SHA1(secret, "<expires>:<account>"))}.
 */
public final class CustomerTokens {
    /** Default token lifetime: long enough to reach the token service, short enough to be useless when leaked. */
    public static final long DEFAULT_TTL_SECONDS = 300;
    /** Longest account accepted; bounds the HMAC input. */
    public static final int MAX_ACCOUNT_LENGTH = 256;

    private CustomerTokens() {
    }

    /**
     * A token for {@code account} valid for {@code ttlSeconds} from the clock's now.
     *
     * @throws IllegalArgumentException if the account is empty, too long or not printable ASCII, or ttl &lt; 1
     */
    public static CustomerToken mint(String secret, String account, long ttlSeconds, Clock clock) {
        if (ttlSeconds < 1) {
            throw new IllegalArgumentException("ttl must be at least 1 second");
        }
        return mintUntil(secret, account, clock.instant().getEpochSecond() + ttlSeconds);
    }

    /** A token for {@code account} that expires at {@code expires} (Unix seconds). */
    public static CustomerToken mintUntil(String secret, String account, long expires) {
        if (!isValidAccount(account)) {
            throw new IllegalArgumentException("account must be 1.." + MAX_ACCOUNT_LENGTH + " printable ASCII characters");
        }
        if (secret == null || secret.isEmpty()) {
            throw new IllegalArgumentException("secret must not be empty");
        }
        return new CustomerToken(account, expires, new HmacSigner(HmacAlgorithm.SHA1, secret).signBase64(signedText(expires, account)));
    }

    static String signedText(long expires, String account) {
        return expires + ":" + account;
    }

    static boolean isValidAccount(String account) {
        if (account == null || account.isEmpty() || account.length() > MAX_ACCOUNT_LENGTH) {
            return false;
        }
        for (int i = 0; i < account.length(); i++) {
            char c = account.charAt(i);
            if (c < 0x20 || c >= 0x7f) {
                return false;
            }
        }
        return true;
    }
}
