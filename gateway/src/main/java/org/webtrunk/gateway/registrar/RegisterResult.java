package org.webtrunk.gateway.registrar;

import java.util.List;

/**
 * What the store decided about a REGISTER; the proxy turns it into the reply.
 *
 * @param outcome    the decision
 * @param contacts   on {@link Outcome#OK}: every current binding of the AOR with its seconds left, to echo in
 *                   the 200 (RFC 3261 §10.3 step 8); empty otherwise
 * @param minExpires the Min-Expires to send with 423
 */
public record RegisterResult(Outcome outcome, List<ContactEcho> contacts, int minExpires) {

    public RegisterResult {
        contacts = List.copyOf(contacts);
    }

    /** The decision, each with the reply the proxy should send. */
    public enum Outcome {
        /** Bindings added, refreshed or removed: 200 with {@link #contacts()}. */
        OK,
        /** Expiry below min-expires and not zero: 423 Interval Too Brief with Min-Expires (RFC 3261 §10.3 step 7). */
        INTERVAL_TOO_BRIEF,
        /** Same Call-ID with a CSeq not above the stored one: 500, the request is out of order (RFC 3261 §10.3 step 7). */
        OUT_OF_ORDER,
        /** The AOR already has max-per-aor bindings: 503 "Too many registered contacts", as Kamailio's max_contacts. */
        TOO_MANY_FOR_AOR,
        /** The store holds max-bindings: 503 with Retry-After, existing users keep their registrations. */
        STORE_FULL,
        /** The To URI is not a {@code user@host} address of record: 400 (or 404). */
        BAD_AOR
    }

    /**
     * One Contact for the 200.
     *
     * @param contact the Contact value as the client sent it
     * @param expires seconds left, for its {@code ;expires=} parameter
     */
    public record ContactEcho(String contact, int expires) {
    }

    static RegisterResult of(Outcome outcome) {
        return new RegisterResult(outcome, List.of(), 0);
    }
}
