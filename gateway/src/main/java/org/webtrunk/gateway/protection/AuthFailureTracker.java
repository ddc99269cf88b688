package org.webtrunk.gateway.protection;

import io.micrometer.core.instrument.MeterRegistry;
import java.net.InetAddress;
import java.time.Duration;
import org.webtrunk.gateway.config.ProtectionConfig;

/**
 * Fail2ban for digest authentication: {@code maxFailures} wrong answers from one address, or for one credential
 * id, within the window ban the address that sent the last of them.
 *
 * <p>Only wrong answers count: the auth stage calls {@link #recordFailure} when a request carried credentials that
 * failed (bad response, forged or expired ephemeral username), never for a request that was merely challenged
 * (RFC 3261 §22.1: the first request of every client is challenged). A success resets the credential's count, not
 * the address's: a valid credential must not launder guesses made from the same address.
 *
 * <p>Both tables are bounded (coldest evicted); credential ids longer than {@value #MAX_ID_CHARS} characters are
 * cut, so a key costs little memory whatever a client sends. Thread-safe.
 */
public final class AuthFailureTracker {
    static final int MAX_ID_CHARS = 128;
    static final String ADDRESS_TABLE = "auth-failures-address";
    static final String CREDENTIAL_TABLE = "auth-failures-credential";

    private final BanList bans;
    private final AllowList allowList;
    private final int maxFailures;
    private final Duration banTime;
    private final WindowCounters<InetAddress> byAddress;
    private final WindowCounters<String> byCredential;

    public AuthFailureTracker(ProtectionConfig config, BanList bans, AllowList allowList, MeterRegistry registry,
                              ProtectionClock clock) {
        this(config, bans, allowList, new ProtectionMetrics(registry), clock);
    }

    AuthFailureTracker(ProtectionConfig config, BanList bans, AllowList allowList, ProtectionMetrics metrics,
                       ProtectionClock clock) {
        this.bans = bans;
        this.allowList = allowList;
        this.maxFailures = config.authFailures().maxFailures();
        this.banTime = config.authFailures().banTime();
        Duration window = config.authFailures().window();
        this.byAddress = new WindowCounters<>(ADDRESS_TABLE, config.maxTrackedAddresses(), window, clock, metrics);
        this.byCredential = new WindowCounters<>(CREDENTIAL_TABLE, config.maxTrackedCredentials(), window, clock,
                metrics);
    }

    /**
     * A wrong answer to a challenge.
     *
     * @param credentialId the credential's id (e.g. the ephemeral username's id part), or null if unknown
     * @return true if this failure banned {@code address}
     */
    public boolean recordFailure(InetAddress address, String credentialId) {
        if (allowList.contains(address)) {
            return false;
        }
        int fromAddress = byAddress.increment(address);
        int forCredential = credentialId == null ? 0 : byCredential.increment(key(credentialId));
        if (fromAddress >= maxFailures || forCredential >= maxFailures) {
            return bans.ban(address, BanReason.AUTH_FAILURES, banTime);
        }
        return false;
    }

    /** A correct answer: the credential's failures are forgotten. */
    public void recordSuccess(InetAddress address, String credentialId) {
        if (credentialId != null) {
            byCredential.reset(key(credentialId));
        }
    }

    /** Failures counted for {@code address} in its current window. */
    public int failures(InetAddress address) {
        return byAddress.count(address);
    }

    static String key(String credentialId) {
        return credentialId.length() <= MAX_ID_CHARS ? credentialId : credentialId.substring(0, MAX_ID_CHARS);
    }
}
