package org.webtrunk.gateway.sip;

/**
 * Why the decoder could not index a message, with the answer it deserves (RFC 3261 §21.4.1, §21.5.14).
 * The decoder only marks the message; the sanity stage decides to answer or drop.
 */
public enum DecodeFailure {
    START_LINE(400, "Bad Request Line"),
    HEADER_LINE(400, "Bad Header Line"),
    TOO_MANY_HEADERS(400, "Too Many Headers"),
    INCOMPLETE(400, "Incomplete Message"),
    OVERSIZED(513, "Message Too Large");

    private final int status;
    private final String reason;

    DecodeFailure(int status, String reason) {
        this.status = status;
        this.reason = reason;
    }

    public int status() {
        return status;
    }

    public String reason() {
        return reason;
    }

    /** Metric tag value, e.g. {@code decode-start-line}. */
    public String tag() {
        return "decode-" + name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
