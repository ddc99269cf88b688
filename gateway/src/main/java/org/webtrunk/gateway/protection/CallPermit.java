package org.webtrunk.gateway.protection;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One call counted against its tenant's concurrent-call limit, from the INVITE until the dialog ends (BYE, or the
 * INVITE transaction fails or times out). Release it exactly there; releasing again does nothing, so every
 * end-of-call path may call {@link #release()} safely.
 */
public final class CallPermit implements AutoCloseable {
    private final String tenant;
    private final Runnable onRelease;
    private final AtomicBoolean released = new AtomicBoolean();

    CallPermit(String tenant, Runnable onRelease) {
        this.tenant = tenant;
        this.onRelease = onRelease;
    }

    public String tenant() {
        return tenant;
    }

    /** Ends the call's count; idempotent and thread-safe. */
    public void release() {
        if (released.compareAndSet(false, true)) {
            onRelease.run();
        }
    }

    public boolean isReleased() {
        return released.get();
    }

    @Override
    public void close() {
        release();
    }
}
