package org.webtrunk.gateway.sanity;

import java.util.Locale;

/**
 * The named checks of the sanity stage (after Kamailio's sanity module), each with the answer it gives.
 * Checks run in declaration order; the first failure decides the reply. A failed response or ACK is
 * dropped instead (nothing may answer it).
 */
public enum SanityCheck {
    /** Only SIP/2.0 (RFC 3261 §7.1, §21.5.20). */
    SIP_VERSION(505, "Version Not Supported", true),
    /**
     * To, From, Call-ID, CSeq and Via must be present, and Max-Forwards in requests (RFC 3261 §8.1.1);
     * reason "Missing &lt;Header&gt;".
     */
    REQUIRED_HEADERS(400, "Missing Header", true),
    /** Request-URI matches the SIP URI grammar (RFC 3261 §19.1.1: no headers, no LWS, no {@code <>}). */
    REQUEST_URI(400, "Bad Request-URI", true),
    /** sip, sips or tel only (RFC 3261 §8.2.2.1). */
    REQUEST_URI_SCHEME(416, "Unsupported URI Scheme", true),
    /** Every Via value parses (RFC 3261 §20.42; {@code received} must be an IP address). */
    VIA(400, "Bad Via", true),
    /** A Call-ID is a word with no white space (RFC 3261 §20.8). */
    CALL_ID(400, "Bad Call-ID", true),
    /** CSeq number below 2^31 and a method token (RFC 3261 §8.1.1.5, §20.16). */
    CSEQ(400, "Bad CSeq", true),
    /** The CSeq method equals the request method (RFC 3261 §8.1.1.5; RFC 4475 §3.1.2.17). */
    CSEQ_METHOD(400, "CSeq Method Mismatch", true),
    FROM(400, "Bad From Header", true),
    TO(400, "Bad To Header", true),
    /** More than one tag parameter in From or To. */
    DUPLICATE_TAG(400, "Duplicate Tag", true),
    /** 0..255 (RFC 3261 §20.22). */
    MAX_FORWARDS(400, "Bad Max-Forwards", true),
    /** Valid number; on UDP a shorter body is an error, a longer one is cut; on streams they must match (§18.3). */
    CONTENT_LENGTH(400, "Bad Content-Length", true),
    /** Expires and Contact expires are delta-seconds below 2^32 (RFC 3261 §20.19, §25.1). */
    EXPIRES(400, "Bad Expires", true),
    /** Every Contact value parses; "*" alone only in REGISTER (RFC 3261 §10.2.2). */
    CONTACT(400, "Bad Contact", true),
    /**
     * The top Via has a branch: the gateway matches transactions by branch only (RFC 3261 §17.2.3), not
     * by the RFC 2543 rules. A missing magic cookie is tolerated (§8.1.1.7). Policy, not grammar: RFC 4475
     * §3.1.1.7 is a valid message without branches.
     */
    VIA_BRANCH(400, "Missing Via Branch", false),
    /** Proxy-Require options the gateway does not support are listed in Unsupported (RFC 3261 §8.2.2.3, §16.3). */
    PROXY_REQUIRE(420, "Bad Extension", false),
    /** Max-Forwards 0 on a request to be forwarded (RFC 3261 §16.3 step 3); OPTIONS to the gateway itself is answered. */
    MAX_FORWARDS_EXHAUSTED(483, "Too Many Hops", false),
    /** Our own Via (branch prefix and the flow's local address) is already in the request (RFC 3261 §16.3 step 4). */
    LOOP(482, "Loop Detected", false);

    private final int status;
    private final String reason;
    private final boolean syntax;

    SanityCheck(int status, String reason, boolean syntax) {
        this.status = status;
        this.reason = reason;
        this.syntax = syntax;
    }

    public int status() {
        return status;
    }

    public String reason() {
        return reason;
    }

    /** True for checks of the message's grammar (what a parser decides), false for proxy policy. */
    public boolean syntax() {
        return syntax;
    }

    /** Metric tag, e.g. {@code cseq-method}. */
    public String tag() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
