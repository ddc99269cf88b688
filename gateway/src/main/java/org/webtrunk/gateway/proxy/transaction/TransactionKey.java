package org.webtrunk.gateway.proxy.transaction;

import java.util.Locale;
import java.util.Objects;

/**
 * What identifies a transaction.
 *
 * <p>Server side (RFC 3261 §17.2.3): the top Via branch (which starts with the magic cookie
 * {@code z9hG4bK}), its sent-by, and the method, where an ACK matches its INVITE and a CANCEL has its own
 * key. Client side (§17.1.3): the branch of the Via we pushed and the CSeq method; sent-by is null.
 *
 * @param branch the Via branch, compared case-sensitively as sent (it is a token we or the peer chose)
 * @param sentBy host[:port] of the Via, lower-cased; null for client transactions
 * @param method INVITE for an ACK; otherwise the request method
 */
public record TransactionKey(String branch, String sentBy, String method) {
    /** The RFC 3261 magic cookie that marks a branch as globally unique (§8.1.1.7). */
    public static final String MAGIC_COOKIE = "z9hG4bK";

    public TransactionKey {
        Objects.requireNonNull(branch, "branch");
        Objects.requireNonNull(method, "method");
    }

    /** Key of the server transaction a request belongs to; an ACK maps to its INVITE. */
    public static TransactionKey server(String branch, String sentBy, String method) {
        String m = "ACK".equals(method) ? "INVITE" : method;
        return new TransactionKey(branch, sentBy.toLowerCase(Locale.ROOT), m);
    }

    /** Key of the client transaction a response belongs to: branch of our Via and the CSeq method. */
    public static TransactionKey client(String branch, String cseqMethod) {
        String m = "ACK".equals(cseqMethod) ? "INVITE" : cseqMethod;
        return new TransactionKey(branch, null, m);
    }

    public boolean isServer() {
        return sentBy != null;
    }

    /** True when the branch carries the magic cookie, i.e. the peer follows RFC 3261 matching. */
    public static boolean isRfc3261Branch(String branch) {
        return branch != null && branch.startsWith(MAGIC_COOKIE) && branch.length() > MAGIC_COOKIE.length();
    }
}
