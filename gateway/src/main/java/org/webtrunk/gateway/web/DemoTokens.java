package org.webtrunk.gateway.web;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Objects;
import org.webtrunk.auth.CustomerToken;
import org.webtrunk.auth.CustomerTokens;

/**
 * What a tenant's backend does for a logged-in user, done for an anonymous visitor: mints a customer token for
 * a fresh account {@code <prefix>-<12 hex>} with the tenant's newest secret. Thread-safe.
 */
final class DemoTokens {
    private final String secret;
    private final String accountPrefix;
    private final Duration ttl;
    private final Clock clock;
    private final SecureRandom random;

    DemoTokens(String secret, String accountPrefix, Duration ttl, Clock clock, SecureRandom random) {
        this.secret = Objects.requireNonNull(secret, "secret");
        this.accountPrefix = Objects.requireNonNull(accountPrefix, "accountPrefix");
        this.ttl = Objects.requireNonNull(ttl, "ttl");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
    }

    /** A token for a new visitor account. */
    CustomerToken mintForVisitor() {
        byte[] id = new byte[6];
        random.nextBytes(id);
        return CustomerTokens.mint(secret, accountPrefix + "-" + HexFormat.of().formatHex(id), ttl.toSeconds(), clock);
    }

    /** A token for an account the visitor already has (refreshing before the credentials expire). */
    CustomerToken mintFor(String account) {
        return CustomerTokens.mint(secret, account, ttl.toSeconds(), clock);
    }

    /** True when {@code account} is one this endpoint hands out, so a refresh cannot pick another tenant user. */
    boolean isVisitorAccount(String account) {
        return account != null && account.length() == accountPrefix.length() + 13
                && account.startsWith(accountPrefix + "-")
                && account.substring(accountPrefix.length() + 1).chars().allMatch(c -> c >= '0' && c <= '9' || c >= 'a' && c <= 'f');
    }
}
