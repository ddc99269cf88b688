package org.webtrunk.gateway.proxy;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.webtrunk.gateway.proxy.transaction.TransactionTimers;
import org.webtrunk.gateway.transport.Transport;

/**
 * Settings of the stateful proxy.
 *
 * @param listenAddresses       our addresses per transport, for Via, Record-Route and Route matching; one
 *                              per transport we send on
 * @param timers                T1/T2/T4 of the transaction layer
 * @param targetTimeout         failover timer: a target that sends no response at all (not even 100)
 *                              within this is given up and the next one tried; well below Timer B (32 s)
 *                              so a dead trunk costs the caller seconds, not half a minute; the last
 *                              target of a plan has no failover timer and waits for Timer B/F
 * @param inviteTimeout         Timer C (RFC 3261 §16.6 step 11): longest wait for a final answer to an
 *                              INVITE after a provisional one (ringing); at least 3 minutes by the RFC
 * @param maxServerTransactions bound of the transaction table; past it new requests get 503
 * @param retryAfterSeconds     Retry-After on our 503 when the table is full
 * @param maxForwards           Max-Forwards put on a request that came without one (§16.6 step 3)
 */
public record ProxyConfig(List<ListenAddress> listenAddresses, TransactionTimers timers, Duration targetTimeout,
                          Duration inviteTimeout, int maxServerTransactions, int retryAfterSeconds,
                          int maxForwards) {
    public ProxyConfig {
        listenAddresses = List.copyOf(listenAddresses);
        Objects.requireNonNull(timers, "timers");
        Objects.requireNonNull(targetTimeout, "targetTimeout");
        Objects.requireNonNull(inviteTimeout, "inviteTimeout");
        if (listenAddresses.isEmpty()) {
            throw new IllegalArgumentException("at least one listen address is needed");
        }
        if (targetTimeout.isNegative() || targetTimeout.isZero()) {
            throw new IllegalArgumentException("targetTimeout must be positive: " + targetTimeout);
        }
        if (inviteTimeout.compareTo(targetTimeout) < 0) {
            throw new IllegalArgumentException("inviteTimeout must not be shorter than targetTimeout");
        }
        if (maxServerTransactions < 1 || retryAfterSeconds < 0 || maxForwards < 1 || maxForwards > 255) {
            throw new IllegalArgumentException("bad limits: maxServerTransactions=" + maxServerTransactions
                    + " retryAfterSeconds=" + retryAfterSeconds + " maxForwards=" + maxForwards);
        }
    }

    /** Defaults: RFC timers, 4 s failover, 180 s Timer C, 100,000 transactions, Retry-After 5, Max-Forwards 70. */
    public static ProxyConfig defaults(List<ListenAddress> listenAddresses) {
        return new ProxyConfig(listenAddresses, TransactionTimers.defaults(), Duration.ofSeconds(4),
                Duration.ofMinutes(3), 100_000, 5, 70);
    }

    /** Our address for sending on {@code transport}; WSS falls back to WS and TLS to TCP, else the first. */
    ListenAddress addressFor(Transport transport) {
        for (ListenAddress a : listenAddresses) {
            if (a.transport() == transport) {
                return a;
            }
        }
        Transport alt = switch (transport) {
            case WSS -> Transport.WS;
            case WS -> Transport.WSS;
            case TLS -> Transport.TCP;
            case TCP -> Transport.TLS;
            case UDP -> Transport.TCP;
        };
        for (ListenAddress a : listenAddresses) {
            if (a.transport() == alt) {
                return a;
            }
        }
        return listenAddresses.get(0);
    }
}
