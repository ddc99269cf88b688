package org.webtrunk.gateway.config;

import java.time.Duration;

/**
 * The stateful proxy's settings (section {@code proxy}).
 *
 * @param advertisedHost  host or IP put in our Via and Record-Route; null uses each listener's bind address.
 *                        Needed when listeners bind 0.0.0.0 or sit behind NAT: peers must reach this address
 * @param t1              RFC 3261 T1, the round-trip estimate (500 ms); retransmissions start at T1 on UDP
 * @param t2              RFC 3261 T2, the cap of non-INVITE retransmission intervals (4 s)
 * @param t4              RFC 3261 T4, how long a message may live in the network (5 s)
 * @param targetTimeout   silence from one trunk target before failing over to the next (shorter than
 *                        Timer B so the caller still gets an answer from another target)
 * @param inviteTimeout   Timer C: an INVITE that got a provisional answer but no final one is cancelled
 * @param maxTransactions bound on the transaction table; past it new requests get 503 with Retry-After
 */
public record ProxySettings(String advertisedHost, Duration t1, Duration t2, Duration t4, Duration targetTimeout,
                            Duration inviteTimeout, int maxTransactions) {
    static ProxySettings read(ConfigNode n) {
        String advertised = n.string("advertised-host", null);
        Duration t1 = n.duration("t1", Duration.ofMillis(500), Duration.ofMillis(100), Duration.ofSeconds(5));
        Duration t2 = n.duration("t2", Duration.ofSeconds(4), Duration.ofSeconds(1), Duration.ofSeconds(32));
        Duration t4 = n.duration("t4", Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofSeconds(32));
        if (t2.compareTo(t1) < 0) {
            n.error("t2", "must not be shorter than t1");
        }
        Duration target = n.duration("target-timeout", Duration.ofSeconds(4), Duration.ofMillis(500), Duration.ofSeconds(32));
        Duration invite = n.duration("invite-timeout", Duration.ofMinutes(3), Duration.ofSeconds(10), Duration.ofMinutes(30));
        if (invite.compareTo(target) < 0) {
            n.error("invite-timeout", "must not be shorter than target-timeout");
        }
        int max = n.integer("max-transactions", 100_000, 100, 10_000_000);
        n.rejectUnknownKeys();
        return new ProxySettings(advertised, t1, t2, t4, target, invite, max);
    }
}
