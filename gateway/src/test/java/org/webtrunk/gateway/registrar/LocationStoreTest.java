package org.webtrunk.gateway.registrar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.webtrunk.gateway.config.RegistrarConfig;
import org.webtrunk.gateway.registrar.RegisterResult.ContactEcho;
import org.webtrunk.gateway.registrar.RegisterResult.Outcome;
import org.webtrunk.gateway.transport.Flow;
import org.webtrunk.gateway.transport.Transport;

class LocationStoreTest {
    private static final String AOR = "sip:alice@example.com";

    private long nanos = 1_000_000_000L;
    private final List<EmbeddedChannel> channels = new ArrayList<>();
    private LocationStore store = new LocationStore(RegistrarConfig.defaults(), () -> nanos);

    @AfterEach
    void closeChannels() {
        for (EmbeddedChannel ch : channels) {
            assertFalse(ch.finish());
        }
    }

    private Flow flow(long id) {
        return flow(id, Transport.WS);
    }

    private Flow flow(long id, Transport transport) {
        EmbeddedChannel ch = new EmbeddedChannel();
        channels.add(ch);
        return new Flow(id, transport, ch, new InetSocketAddress("127.0.0.1", 40000 + (int) id),
                new InetSocketAddress("127.0.0.1", 8080));
    }

    private static RegisterRequest request(String aor, String user, String instance, int regId, Flow flow,
                                           long cseq, int expires) {
        String uri = "sip:" + user + "@abc.invalid;transport=ws";
        String contact = "<" + uri + ">" + (instance == null ? "" : ";+sip.instance=\"" + instance + "\"")
                + (regId == 0 ? "" : ";reg-id=" + regId);
        return new RegisterRequest(aor, uri, contact, instance, regId, flow, "acme.alice", "acme", List.of(),
                "call-" + user, cseq, expires);
    }

    private void advanceSeconds(long s) {
        nanos += TimeUnit.SECONDS.toNanos(s);
    }

    @Test
    void registerEchoesTheContactWithItsExpiry() {
        Flow f = flow(1);
        RegisterResult r = store.register(request(AOR, "u1", "<urn:uuid:1>", 1, f, 1, 600));
        assertEquals(Outcome.OK, r.outcome());
        assertEquals(List.of(new ContactEcho(
                "<sip:u1@abc.invalid;transport=ws>;+sip.instance=\"<urn:uuid:1>\";reg-id=1", 600)), r.contacts());
        List<Binding> found = store.lookup("sip:alice@EXAMPLE.com;transport=ws");
        assertEquals(1, found.size());
        assertEquals(f, found.get(0).flow());
        assertEquals("alice@example.com", found.get(0).aor());
        assertEquals("acme", found.get(0).tenantId());
        assertEquals(1, store.size());
    }

    @Test
    void sameInstanceAndRegIdReplacesTheBinding() {
        store.register(request(AOR, "u1", "<urn:uuid:1>", 1, flow(1), 1, 600));
        Flow newFlow = flow(2);
        RegisterResult r = store.register(request(AOR, "u2", "<urn:uuid:1>", 1, newFlow, 1, 300));
        assertEquals(Outcome.OK, r.outcome());
        assertEquals(1, r.contacts().size());
        assertEquals(300, r.contacts().get(0).expires());
        assertEquals(newFlow, store.lookup(AOR).get(0).flow());
        assertEquals(1, store.size());
        store.register(request(AOR, "u3", "<urn:uuid:1>", 2, flow(3), 1, 300));
        assertEquals(2, store.size(), "another reg-id of the same instance is another flow (RFC 5626)");
    }

    @Test
    void withoutInstanceTheContactUriIdentifiesTheBinding() {
        store.register(request(AOR, "u1", null, 0, flow(1), 1, 600));
        store.register(request(AOR, "u1", null, 0, flow(1), 2, 600));
        assertEquals(1, store.size());
        store.register(request(AOR, "u2", null, 0, flow(1), 1, 600));
        assertEquals(2, store.size());
    }

    @Test
    void newestBindingIsLookedUpFirst() {
        store.register(request(AOR, "old", "<urn:uuid:1>", 1, flow(1), 1, 600));
        advanceSeconds(5);
        store.register(request(AOR, "new", "<urn:uuid:2>", 1, flow(2), 1, 600));
        assertEquals(List.of(2L, 1L), store.lookup(AOR).stream().map(b -> b.flow().id()).toList());
    }

    @Test
    void expiryBelowMinimumIsTooBriefButZeroUnregisters() {
        RegisterResult r = store.register(request(AOR, "u1", "<urn:uuid:1>", 1, flow(1), 1, 59));
        assertEquals(Outcome.INTERVAL_TOO_BRIEF, r.outcome());
        assertEquals(60, r.minExpires());
        assertEquals(0, store.size());

        store.register(request(AOR, "u1", "<urn:uuid:1>", 1, flow(1), 2, 600));
        RegisterResult removed = store.register(request(AOR, "u1", "<urn:uuid:1>", 1, flow(1), 3, 0));
        assertEquals(Outcome.OK, removed.outcome());
        assertEquals(List.of(), removed.contacts());
        assertEquals(0, store.size());
        assertEquals(List.of(), store.lookup(AOR));
    }

    @Test
    void longExpiryIsClampedAndMissingExpiryGetsTheDefault() {
        assertEquals(3600, store.register(request(AOR, "u1", null, 0, flow(1), 1, 86400)).contacts().get(0).expires());
        assertEquals(600, store.register(request(AOR, "u2", null, 0, flow(1), 1, -1)).contacts().get(1).expires());
    }

    @Test
    void bindingsExpire() {
        store.register(request(AOR, "u1", null, 0, flow(1), 1, 60));
        store.register(request(AOR, "u2", null, 0, flow(1), 1, 120));
        advanceSeconds(59);
        assertEquals(2, store.lookup(AOR).size());
        assertEquals(List.of(1, 61), store.lookup(AOR).stream().map(b -> b.secondsLeft(store.now())).sorted().toList());
        advanceSeconds(1);
        assertEquals(1, store.lookup(AOR).size(), "gone at its expiry, before any sweep");
        assertEquals(2, store.size());
        assertEquals(1, store.sweep());
        assertEquals(1, store.size());
        advanceSeconds(60);
        assertEquals(1, store.sweep());
        assertEquals(0, store.size());
        assertEquals(0, store.aorCount());
    }

    @Test
    void perAorBoundRefusesNewBindingsButAllowsRefreshes() {
        store = new LocationStore(new RegistrarConfig(100, 2, Duration.ofSeconds(60), Duration.ofSeconds(3600),
                Duration.ofSeconds(600)), () -> nanos);
        store.register(request(AOR, "u1", null, 0, flow(1), 1, 600));
        store.register(request(AOR, "u2", null, 0, flow(1), 1, 600));
        assertEquals(Outcome.TOO_MANY_FOR_AOR, store.register(request(AOR, "u3", null, 0, flow(1), 1, 600)).outcome());
        assertEquals(Outcome.OK, store.register(request(AOR, "u2", null, 0, flow(1), 2, 600)).outcome());
        assertEquals(Outcome.OK, store.register(request("sip:bob@example.com", "u3", null, 0, flow(1), 1, 600))
                .outcome(), "another AOR is not affected");
    }

    @Test
    void totalBoundRefusesUntilSomethingExpires() {
        store = new LocationStore(new RegistrarConfig(2, 2, Duration.ofSeconds(60), Duration.ofSeconds(3600),
                Duration.ofSeconds(600)), () -> nanos);
        store.register(request("sip:a@x", "u", null, 0, flow(1), 1, 60));
        store.register(request("sip:b@x", "u", null, 0, flow(1), 1, 600));
        assertEquals(Outcome.STORE_FULL, store.register(request("sip:c@x", "u", null, 0, flow(1), 1, 600)).outcome());
        assertEquals(2, store.size());
        advanceSeconds(60);
        assertEquals(Outcome.OK, store.register(request("sip:c@x", "u", null, 0, flow(1), 1, 600)).outcome(),
                "a full store sweeps expired bindings before refusing");
        assertEquals(2, store.size());
    }

    @Test
    void aSweepDoesNotHoldUpRegistrationsWhileItLooksAtABinding() throws Exception {
        Thread[] sweeper = new Thread[1];
        CountDownLatch sweepLooking = new CountDownLatch(1);
        CountDownLatch carolRegistered = new CountDownLatch(1);
        EmbeddedChannel watched = new EmbeddedChannel() {
            @Override
            public boolean isActive() {
                if (Thread.currentThread() == sweeper[0] && sweepLooking.getCount() > 0) {
                    sweepLooking.countDown();
                    try {
                        carolRegistered.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return super.isActive();
            }
        };
        channels.add(watched);
        Flow aliceFlow = new Flow(1, Transport.WS, watched, new InetSocketAddress("127.0.0.1", 40001),
                new InetSocketAddress("127.0.0.1", 8080));
        store.register(request(AOR, "u1", null, 0, aliceFlow, 1, 600));
        store.register(request("sip:bob@example.com", "u2", null, 0, flow(2), 1, 60));
        advanceSeconds(60);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            Future<Integer> swept = threads.submit(() -> {
                sweeper[0] = Thread.currentThread();
                return store.sweep();
            });
            assertTrue(sweepLooking.await(5, TimeUnit.SECONDS), "the sweep looks at alice's binding");
            Future<Outcome> carol = threads.submit(() ->
                    store.register(request("sip:carol@example.com", "u3", null, 0, flow(3), 1, 600)).outcome());
            assertEquals(Outcome.OK, carol.get(3, TimeUnit.SECONDS), "registered while the sweep was under way");
            carolRegistered.countDown();
            assertEquals(1, swept.get(5, TimeUnit.SECONDS), "bob's expired binding was swept");
        } finally {
            carolRegistered.countDown();
            threads.shutdownNow();
        }
        assertEquals(2, store.size());
        assertEquals(1, store.lookup(AOR).size());
        assertEquals(1, store.lookup("sip:carol@example.com").size());
    }

    @Test
    void registrationDiesWithItsWebSocket() {
        Flow f1 = flow(1);
        Flow f2 = flow(2);
        store.register(request(AOR, "u1", "<urn:uuid:1>", 1, f1, 1, 600));
        store.register(request("sip:bob@example.com", "u1", "<urn:uuid:1>", 1, f1, 1, 600));
        store.register(request(AOR, "u2", "<urn:uuid:2>", 1, f2, 1, 600));
        assertEquals(3, store.size());
        f1.channel().close();
        assertEquals(List.of(f2), store.lookup(AOR).stream().map(Binding::flow).toList());
        assertEquals(List.of(), store.lookup("sip:bob@example.com"));
        assertEquals(1, store.size(), "closing the channel removed its bindings without a sweep");
        assertEquals(1, store.removeFlow(f2));
        assertEquals(0, store.size());
        assertEquals(0, store.removeFlowId(2), "removing twice is harmless");
    }

    @Test
    void unregisterOneOrAll() {
        store.register(request(AOR, "u1", "<urn:uuid:1>", 1, flow(1), 1, 600));
        store.register(request(AOR, "u2", null, 0, flow(2), 1, 600));
        store.register(request(AOR, "u3", null, 0, flow(2), 1, 600));
        assertTrue(store.unregister(AOR, "ignored-when-instance", "<urn:uuid:1>", 1));
        assertFalse(store.unregister(AOR, "sip:nobody@abc.invalid", null, 0));
        assertTrue(store.unregister(AOR, "sip:u2@abc.invalid;transport=ws", null, 0));
        assertEquals(1, store.size());
        assertEquals(1, store.unregisterAll(AOR));
        assertEquals(0, store.size());
        assertEquals(0, store.removeFlowId(2), "the flow index was cleaned too");
    }

    @Test
    void aRegisterRetransmittedOverUdpIsAnsweredWithTheBindingsAsTheyAre() {
        Flow udp = flow(7, Transport.UDP);
        assertEquals(Outcome.OK, store.register(request(AOR, "u1", null, 0, udp, 5, 600)).outcome());
        RegisterResult again = store.register(request(AOR, "u1", null, 0, udp, 5, 600));
        assertEquals(Outcome.OK, again.outcome(), "its 200 was lost: the same request comes back");
        assertEquals(1, again.contacts().size());
        assertEquals(1, store.size());
        Flow elsewhere = flow(8, Transport.UDP);
        assertEquals(Outcome.OUT_OF_ORDER, store.register(request(AOR, "u1", null, 0, elsewhere, 5, 600)).outcome(),
                "the same CSeq from another address is no retransmission");
    }

    @Test
    void outOfOrderRegisterIsRefused() {
        store.register(request(AOR, "u1", null, 0, flow(1), 5, 600));
        assertEquals(Outcome.OUT_OF_ORDER, store.register(request(AOR, "u1", null, 0, flow(1), 5, 300)).outcome());
        assertEquals(Outcome.OUT_OF_ORDER, store.register(request(AOR, "u1", null, 0, flow(1), 4, 0)).outcome());
        assertEquals(1, store.lookup(AOR).size());
    }

    @Test
    void badAorsAreRefused() {
        assertEquals(Outcome.BAD_AOR, store.register(request("sip:example.com", "u", null, 0, flow(1), 1, 600))
                .outcome());
        assertEquals(Outcome.BAD_AOR, store.register(request("tel:+15551234", "u", null, 0, flow(1), 1, 600))
                .outcome());
        assertEquals(0, store.size());
    }

    @Test
    void aorNormalisation() {
        assertEquals("Alice@example.com", LocationStore.normaliseAor("<sip:Alice@Example.COM;transport=ws>"));
        assertEquals("alice@example.com:5070", LocationStore.normaliseAor("sips:alice@example.com:5070?x=y"));
        assertNull(LocationStore.normaliseAor("sip:@example.com"));
        assertNull(LocationStore.normaliseAor("sip:alice@"));
        assertNull(LocationStore.normaliseAor("sip:al ice@example.com"));
        assertNull(LocationStore.normaliseAor(null));
    }

    @Test
    void listingIsBoundedForTheAdminApi() {
        for (int i = 0; i < 5; i++) {
            store.register(request("sip:u" + i + "@x", "c", null, 0, flow(1), 1, 600));
        }
        assertEquals(3, store.list(3).size());
        assertEquals(5, store.list(100).size());
    }
}
