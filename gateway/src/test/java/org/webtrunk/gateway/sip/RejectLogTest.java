package org.webtrunk.gateway.sip;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RejectLogTest {
    @Test
    void limitsLinesPerSourcePerMinute() throws Exception {
        AtomicLong nanos = new AtomicLong();
        RejectLog log = new RejectLog(2, nanos::get);
        InetAddress a = InetAddress.getByName("192.0.2.7");
        InetAddress b = InetAddress.getByName("192.0.2.8");
        assertTrue(log.allow(a));
        assertTrue(log.allow(a));
        assertFalse(log.allow(a), "third line in the same minute is suppressed");
        assertTrue(log.allow(b), "other sources are not affected");
        nanos.addAndGet(TimeUnit.SECONDS.toNanos(61));
        assertTrue(log.allow(a), "a new window after a minute");
    }

    @Test
    void zeroDisablesLogging() throws Exception {
        assertFalse(new RejectLog(0).allow(InetAddress.getByName("192.0.2.7")));
    }
}
