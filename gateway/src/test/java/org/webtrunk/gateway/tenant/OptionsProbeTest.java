package org.webtrunk.gateway.tenant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.Test;
import org.webtrunk.gateway.proxy.Originator;
import org.webtrunk.gateway.proxy.Target;

/** A down trunk target comes back only when it answers an OPTIONS itself. */
class OptionsProbeTest {
    private final List<String> sent = new ArrayList<>();
    private final List<Target> targets = new ArrayList<>();
    private final List<IntConsumer> answers = new ArrayList<>();
    private final Originator originator = (target, request, onFinal) -> {
        targets.add(target);
        sent.add(request);
        answers.add(onFinal);
    };

    private TrunkTarget target() {
        return Fixtures.directory(Fixtures.trunk("t", 3, Fixtures.target("sip:127.0.0.5:5070;transport=tcp", 1, 1)))
                .trunks().get(0).targets().get(0);
    }

    @Test
    void sendsAWellFormedOptionsToTheTargetItself() {
        TrunkTarget t = target();
        new OptionsProbe(originator, "gw.example").probe(t);
        String req = sent.get(0);
        assertTrue(req.startsWith("OPTIONS sip:127.0.0.5:5070;transport=tcp SIP/2.0\r\n"), req);
        assertTrue(req.contains("\r\nCSeq: 1 OPTIONS\r\n") && req.contains("\r\nMax-Forwards: 70\r\n"), req);
        assertTrue(req.contains("From: <sip:probe@gw.example>;tag="), req);
        assertTrue(req.endsWith("Content-Length: 0\r\n\r\n"), req);
        assertEquals(t, targets.get(0).origin());
        assertEquals(t.address(), targets.get(0).address());
    }

    @Test
    void anyAnswerFromTheTargetMeansUpButTimeoutOrNoRouteMeansDown() throws Exception {
        OptionsProbe probe = new OptionsProbe(originator, "gw");
        var ok = probe.probe(target());
        var notFound = probe.probe(target());
        var timeout = probe.probe(target());
        var unreachable = probe.probe(target());
        answers.get(0).accept(200);
        answers.get(1).accept(404);
        answers.get(2).accept(408);
        answers.get(3).accept(503);
        assertEquals(true, ok.toCompletableFuture().get());
        assertEquals(true, notFound.toCompletableFuture().get());
        assertEquals(false, timeout.toCompletableFuture().get());
        assertEquals(false, unreachable.toCompletableFuture().get());
    }
}
