package org.webtrunk.gateway.dialog;

import java.time.Instant;

/**
 * One call as the admin API shows it.
 *
 * @param id              the handle for {@link DialogTracker#end}
 * @param state           {@code early} (ringing) or {@code confirmed}
 * @param tenant          null until the proxy knows it
 * @param callerFlow      the caller's connection, e.g. {@code WSS:198.51.100.7:50312#12}
 * @param calleeFlow      the callee's, null before the INVITE went out
 * @param sessionInterval negotiated Session-Expires in seconds, 0 without session timers
 * @param refresher       {@code uac}, {@code uas} or null
 */
public record DialogInfo(String id, String callId, String state, String tenant, String callerFlow,
                         String calleeFlow, Instant started, Instant answered, int sessionInterval,
                         String refresher) {
}
