package org.webtrunk.gateway.registrar;

import java.util.List;
import java.util.Objects;
import org.webtrunk.gateway.transport.Flow;

/**
 * One Contact of an authenticated REGISTER, as the proxy read it.
 *
 * @param aor          address of record from the To header, e.g. {@code sip:alice@example.com}; normalised by the
 *                     store
 * @param contactUri   the Contact URI (inside {@code <>}), which identifies the binding when there is no instance
 * @param contact      the Contact value as the client sent it, without any {@code expires} parameter, to echo in
 *                     the 200 (JsSIP ignores a 200 that does not echo its Contact with an expiry)
 * @param instance     {@code +sip.instance} (RFC 5626 §4.1), or null
 * @param regId        {@code reg-id} (RFC 5626 §4.2), or 0 when absent
 * @param flow         the flow the REGISTER came on; calls to this binding go back over it. Null for a client that
 *                     is reached by its Contact address instead
 * @param credentialId the gateway credential id that authenticated it
 * @param tenantId     the tenant of that credential
 * @param path         Path header values (RFC 3327), possibly empty
 * @param callId       Call-ID of the REGISTER
 * @param cseq         CSeq number of the REGISTER
 * @param expires      requested expiry in seconds (Contact {@code expires}, else the Expires header), -1 if neither
 */
public record RegisterRequest(
        String aor,
        String contactUri,
        String contact,
        String instance,
        int regId,
        Flow flow,
        String credentialId,
        String tenantId,
        List<String> path,
        String callId,
        long cseq,
        int expires) {

    public RegisterRequest {
        Objects.requireNonNull(aor, "aor");
        Objects.requireNonNull(contactUri, "contactUri");
        Objects.requireNonNull(contact, "contact");
        Objects.requireNonNull(callId, "callId");
        path = path == null ? List.of() : List.copyOf(path);
    }
}
