package org.webtrunk.gateway.dialog.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.webtrunk.gateway.dialog.it.DialogItSupport.NUMBER;

import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.webtrunk.gateway.Gateway;
import org.webtrunk.gateway.testsupport.FreePorts;
import org.webtrunk.gateway.testsupport.SippProcess;
import org.webtrunk.gateway.testsupport.SippProcess.Message;

/**
 * RFC 4028 session timers as JsSIP uses them (Session-Expires: 90, refresher=uac, UPDATE at half the
 * interval): a caller whose refreshes stop (a frozen tab whose socket stays up) is ended on both sides at
 * the interval plus grace (§10), while one that refreshes keeps its call. Both run side by side (~100 s).
 */
class SessionTimerIT {
    private static final int INTERVAL = 90;
    private static final Duration GRACE = Duration.ofSeconds(2);

    @TempDir
    Path tmp;

    @Test
    void aCallWithoutRefreshesEndsAtTheIntervalAndARefreshedOneStays() throws Exception {
        int trunkPort = FreePorts.tcpAndUdp();
        Gateway gateway = DialogItSupport.startGateway(tmp, "", DialogItSupport.oneTrunk(trunkPort)
                + "dialogs: {session-timer-grace: " + GRACE.toSeconds() + "s}\n");
        HttpClient http = HttpClient.newHttpClient();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (SippProcess trunk = SippProcess.scenario("trunk-answer-timer.xml").uas().localPort(trunkPort)
                .calls(2).timeout(Duration.ofSeconds(160)).start();
             WsSipCaller silent = WsSipCaller.connect(http, DialogItSupport.wsUrl(gateway));
             WsSipCaller refreshing = WsSipCaller.connect(http, DialogItSupport.wsUrl(gateway))) {
            Future<Duration> silentEnded = pool.submit(() -> {
                WsSipCaller.Msg ok = silent.call(NUMBER, DialogItSupport.mint("silent"), INTERVAL);
                assertTrue(ok.header("session-expires").startsWith("90"), ok.header("session-expires"));
                WsSipCaller.Msg bye = silent.awaitRequest("BYE", Duration.ofSeconds(INTERVAL + GRACE.toSeconds() + 15));
                assertNotNull(bye, "the gateway ends a call whose refreshes stopped");
                assertTrue(String.valueOf(bye.header("reason")).contains("Session timer expired"), bye.header("reason"));
                return Duration.ofNanos(bye.arrivedNanos() - ok.arrivedNanos());
            });
            Future<Duration> refreshedLasted = pool.submit(() -> {
                WsSipCaller.Msg ok = refreshing.call(NUMBER, DialogItSupport.mint("refreshing"), INTERVAL);
                for (int i = 1; i <= 2; i++) { // JsSIP refreshes at half the interval
                    sleepUntil(ok.arrivedNanos() + TimeUnit.SECONDS.toNanos(i * INTERVAL / 2L));
                    assertEquals(200, refreshing.update(INTERVAL).status(), "refresh " + i);
                }
                sleepUntil(ok.arrivedNanos() + TimeUnit.SECONDS.toNanos(INTERVAL + GRACE.toSeconds() + 4));
                assertNull(refreshing.received("BYE"), "a refreshed call is not ended");
                assertEquals(200, refreshing.update(INTERVAL).status(), "still up at the trunk after 96 s");
                Duration lasted = Duration.ofNanos(System.nanoTime() - ok.arrivedNanos());
                assertEquals(200, refreshing.bye().status());
                return lasted;
            });
            Duration silentAfter = silentEnded.get(INTERVAL + 30, TimeUnit.SECONDS);
            Duration refreshedAfter = refreshedLasted.get(INTERVAL + 30, TimeUnit.SECONDS);
            System.out.printf("[SessionTimerIT] no refresh: ended %d ms after the 200 (interval %d s + grace %d s);"
                    + " refreshed call still up after %d ms%n", silentAfter.toMillis(), INTERVAL, GRACE.toSeconds(),
                    refreshedAfter.toMillis());
            Duration expected = Duration.ofSeconds(INTERVAL).plus(GRACE);
            assertTrue(silentAfter.compareTo(expected.minusSeconds(1)) > 0
                    && silentAfter.compareTo(expected.plusSeconds(3)) < 0, "ended after " + silentAfter);
            assertTrue(refreshedAfter.compareTo(Duration.ofSeconds(95)) > 0, "lasted " + refreshedAfter);

            assertEquals(SippProcess.EXIT_ALL_CALLS_OK, trunk.awaitExit(Duration.ofSeconds(15)), trunk.describe());
            List<Message> byes = trunk.received("BYE ");
            assertEquals(2, byes.size());
            Message gatewayBye = byes.stream().filter(b -> silent.callId().equals(b.header("Call-ID"))).findFirst()
                    .orElseThrow();
            assertTrue(String.valueOf(gatewayBye.header("Reason")).contains("cause=408"), gatewayBye.text());
            Message callerBye = byes.stream().filter(b -> refreshing.callId().equals(b.header("Call-ID"))).findFirst()
                    .orElseThrow();
            assertNull(callerBye.header("Reason"), callerBye.text());
            assertEquals(1.0, DialogItSupport.metric(gateway, "webtrunk_calls_ended_total", "reason=\"session-timer\""));
            assertEquals(0, gateway.dialogs().size());
        } finally {
            pool.shutdownNow();
            gateway.close();
        }
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long left = nanoTime - System.nanoTime();
        if (left > 0) {
            TimeUnit.NANOSECONDS.sleep(left);
        }
    }
}
