package org.webtrunk.gateway.registrar;

import java.util.List;
import org.webtrunk.gateway.transport.Flow;

/**
 * One registered contact of an address of record. Immutable: a refresh replaces it.
 *
 * @param aor               normalised address of record, {@code user@host}
 * @param contactUri        the Contact URI
 * @param contact           the Contact value as sent, to echo with {@code ;expires=N}
 * @param instance          {@code +sip.instance} or null
 * @param regId             {@code reg-id} or 0
 * @param flow              the flow to reach it over, or null
 * @param credentialId      credential id that registered it
 * @param tenantId          tenant of that credential
 * @param path              Path header values (RFC 3327)
 * @param callId            Call-ID of the last REGISTER
 * @param cseq              CSeq of the last REGISTER
 * @param expires           granted expiry in seconds
 * @param registeredAtNanos store ticker time of the last REGISTER
 * @param expiresAtNanos    store ticker time it expires
 */
public record Binding(
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
        int expires,
        long registeredAtNanos,
        long expiresAtNanos) {

    /**
     * What identifies a binding within its AOR: {@code +sip.instance} with {@code reg-id} (RFC 5626 §6), or the
     * Contact URI when there is no instance (RFC 3261 §10.3 step 8).
     */
    String key() {
        return key(instance, regId, contactUri);
    }

    static String key(String instance, int regId, String contactUri) {
        return instance != null ? "i:" + instance + "|" + regId : "u:" + contactUri;
    }

    boolean expired(long nowNanos) {
        return nowNanos - expiresAtNanos >= 0;
    }

    /** True when it can still be reached: its flow (if any) is open. */
    boolean reachable() {
        return flow == null || flow.isOpen();
    }

    /** Neither expired nor on a closed flow: what lookups return and what a sweep keeps. */
    boolean live(long nowNanos) {
        return !expired(nowNanos) && reachable();
    }

    /** Whole seconds left at {@code nowNanos}, at least 0. */
    public int secondsLeft(long nowNanos) {
        long left = expiresAtNanos - nowNanos;
        return left <= 0 ? 0 : (int) Math.min(Integer.MAX_VALUE, (left + 999_999_999L) / 1_000_000_000L);
    }
}
