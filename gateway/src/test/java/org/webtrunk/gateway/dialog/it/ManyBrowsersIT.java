package org.webtrunk.gateway.dialog.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.webtrunk.gateway.dialog.it.DialogItSupport.NUMBER;
import static org.webtrunk.gateway.dialog.it.DialogItSupport.WAIT;

import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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
 * Many browsers, each with its own WebSocket and call; half of them vanish at once (a network outage at an
 * office). Exactly their calls are ended on the trunk, with the WebSocket-closed Reason; the others are
 * untouched and hang up normally later.
 */
class ManyBrowsersIT {
    private static final int CALLS = 200;
    private static final int VANISHING = 100;

    @TempDir
    Path tmp;

    @Test
    void halfTheBrowsersVanishAndExactlyTheirCallsEnd() throws Exception {
        int trunkPort = FreePorts.tcpAndUdp();
        Gateway gateway = DialogItSupport.startGateway(tmp, "", DialogItSupport.oneTrunk(trunkPort) + """
                protection:
                  allow-list: ["127.0.0.0/8"]
                  limits: {calls-per-second-per-tenant: 10000, concurrent-calls-per-tenant: 10000}
                """);
        HttpClient http = HttpClient.newHttpClient();
        List<WsSipCaller> callers = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try (SippProcess trunk = SippProcess.scenario("trunk-answer.xml").uas().localPort(trunkPort)
                .calls(CALLS).limit(CALLS * 2).timeout(Duration.ofSeconds(55)).start()) {
            long t0 = System.nanoTime();
            List<Future<WsSipCaller>> setups = new ArrayList<>();
            for (int i = 0; i < CALLS; i++) {
                String id = "many" + i;
                setups.add(pool.submit(() -> {
                    WsSipCaller c = WsSipCaller.connect(http, DialogItSupport.wsUrl(gateway));
                    try {
                        c.call(NUMBER, DialogItSupport.mint(id), 0);
                        return c;
                    } catch (RuntimeException | Error | InterruptedException e) {
                        c.close();
                        throw e;
                    }
                }));
            }
            for (Future<WsSipCaller> f : setups) {
                callers.add(f.get(30, TimeUnit.SECONDS));
            }
            System.out.printf("[ManyBrowsersIT] %d calls up in %d ms%n", CALLS,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
            assertEquals(CALLS, gateway.dialogs().size());

            Set<String> vanished = new HashSet<>();
            long t1 = System.nanoTime();
            for (WsSipCaller c : callers.subList(0, VANISHING)) {
                vanished.add(c.callId());
                c.abort();
            }
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (endedBy(gateway, "ws-closed") < VANISHING && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            System.out.printf("[ManyBrowsersIT] %d aborted WebSockets -> %d calls ended in %d ms%n", VANISHING,
                    (long) endedBy(gateway, "ws-closed"), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t1));
            assertEquals(VANISHING, endedBy(gateway, "ws-closed"));
            Thread.sleep(500); // nothing more may end
            assertEquals(CALLS - VANISHING, gateway.dialogs().size(), "the other calls are still up");
            assertEquals(0.0, endedBy(gateway, "normal"));

            List<Future<Integer>> byes = new ArrayList<>();
            for (WsSipCaller c : callers.subList(VANISHING, CALLS)) {
                byes.add(pool.submit(() -> c.bye().status()));
            }
            for (Future<Integer> f : byes) {
                assertEquals(200, f.get(15, TimeUnit.SECONDS));
            }

            assertEquals(SippProcess.EXIT_ALL_CALLS_OK, trunk.awaitExit(Duration.ofSeconds(20)), trunk.describe());
            List<Message> trunkByes = trunk.received("BYE ");
            assertEquals(CALLS, trunkByes.size());
            Set<String> endedByGateway = new HashSet<>();
            for (Message bye : trunkByes) {
                if (bye.header("Reason") != null) {
                    assertTrue(bye.header("Reason").contains("WebSocket closed"), bye.header("Reason"));
                    endedByGateway.add(bye.header("Call-ID"));
                }
            }
            assertEquals(vanished, endedByGateway, "exactly the vanished browsers' calls were ended by the gateway");
            assertEquals(CALLS - VANISHING, endedBy(gateway, "normal"));
            assertEquals(0, gateway.dialogs().size());
            for (WsSipCaller c : callers.subList(VANISHING, CALLS)) {
                assertNull(c.received("BYE"), "no BYE to a browser that stayed");
            }
        } finally {
            pool.shutdownNow();
            callers.forEach(WsSipCaller::close);
            gateway.close();
        }
    }

    private static double endedBy(Gateway gateway, String reason) {
        return DialogItSupport.metric(gateway, "webtrunk_calls_ended_total", "reason=\"" + reason + "\"");
    }
}
