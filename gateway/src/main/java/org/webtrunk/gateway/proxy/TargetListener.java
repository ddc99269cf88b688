package org.webtrunk.gateway.proxy;

/**
 * Told how each tried target did, so target health can mark it down or up again (detection apart from
 * action: the proxy reports, {@code tenant.TargetHealth} decides). Called on event loop threads.
 */
public interface TargetListener {
    /** Why a target counts as failed. */
    enum Failure { TIMEOUT, SERVICE_UNAVAILABLE, TRANSPORT }

    /** The target answered (a provisional response, or any final one but 503). */
    void onSuccess(Target target);

    void onFailure(Target target, Failure failure);

    TargetListener NONE = new TargetListener() {
        @Override
        public void onSuccess(Target target) {
        }

        @Override
        public void onFailure(Target target, Failure failure) {
        }
    };
}
