package org.webtrunk.gateway.dialog;

/**
 * Why a call ended: the {@code reason} tag of {@code webtrunk_calls_ended_total}, and the Reason header
 * (RFC 3326) on the BYEs the gateway sends for it.
 */
public enum EndReason {
    /** A BYE passed through with its answer, or the call was never answered. */
    NORMAL("normal", null),
    /** The browser's WebSocket closed (close frame, reset, missed pings, idle). */
    WS_CLOSED("ws-closed", "SIP;cause=410;text=\"WebSocket closed\""),
    /** The trunk's TCP/TLS connection closed, or it stopped answering in-dialog probes. */
    TRUNK_GONE("trunk-gone", "SIP;cause=410;text=\"Trunk connection lost\""),
    /** No session refresh within the negotiated interval plus grace (RFC 4028 §10). */
    SESSION_TIMER("session-timer", "SIP;cause=408;text=\"Session timer expired\""),
    /** Older than the configured maximum call duration. */
    MAX_DURATION("max-duration", "SIP;cause=408;text=\"Maximum call duration reached\""),
    /** The gateway was shut down with calls in progress. */
    SHUTDOWN("shutdown", "SIP;cause=503;text=\"Gateway shutting down\""),
    /** Ended from the admin API. */
    ADMIN("admin", "SIP;cause=200;text=\"Ended by administrator\"");

    private final String tag;
    private final String reasonHeader;

    EndReason(String tag, String reasonHeader) {
        this.tag = tag;
        this.reasonHeader = reasonHeader;
    }

    /** The metric tag value. */
    public String tag() {
        return tag;
    }

    /** Value of the Reason header on our BYEs; null for calls we do not end ourselves. */
    String reasonHeader() {
        return reasonHeader;
    }
}
