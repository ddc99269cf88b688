package org.webtrunk.gateway.dialog;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.webtrunk.gateway.testsupport.PeerFlows;
import org.webtrunk.gateway.transport.Flow;
import org.webtrunk.gateway.transport.Transport;

/** Which closing connection ends a call: the rule {@link DialogTracker#onFlowClosed} applies to each call on it. */
class DialogEndedByTest {
    private final PeerFlows peers = new PeerFlows();
    private final Flow browser = peers.peer(Transport.WSS, "198.51.100.7", 50000).flow();
    private final Flow tlsTrunk = peers.peer(Transport.TLS, "10.0.0.2", 5061).flow();
    private final Flow backup = peers.peer(Transport.TCP, "10.0.0.3", 5060).flow();
    private final Dialog call = new Dialog("d1", "call-1;tag-1", "call-1", "tag-1", "<sip:u1@example.com>;tag=tag-1",
            "<sip:+4930123456@example.com>", browser, "<sip:u1@x.invalid;transport=ws>", 1, Instant.now());

    @AfterEach
    void close() {
        peers.close();
    }

    @Test
    void theCallersConnectionEndsTheCallWhileRingingOrAnswered() {
        call.calleeFlow = tlsTrunk;
        assertTrue(DialogTracker.endedBy(call, browser));
        call.state = Dialog.State.CONFIRMED;
        assertTrue(DialogTracker.endedBy(call, browser));
    }

    @Test
    void aTrunkThatNeverAnsweredIsLeftToFailover() {
        call.calleeFlow = tlsTrunk;
        assertFalse(DialogTracker.endedBy(call, tlsTrunk));
    }

    @Test
    void aTrunkThatAnsweredEndsTheCallWhenItsConnectionCloses() {
        call.calleeFlow = tlsTrunk;
        call.calleeAnswered = true;
        assertTrue(DialogTracker.endedBy(call, tlsTrunk));
    }

    /** The close of a branch given up is handled after the proxy failed over: the backup's INVITE must stand. */
    @Test
    void aConnectionTheCallHasFailedOverFromNoLongerEndsIt() {
        call.calleeFlow = backup;
        assertFalse(DialogTracker.endedBy(call, tlsTrunk));
        call.calleeAnswered = true;
        call.state = Dialog.State.CONFIRMED;
        assertFalse(DialogTracker.endedBy(call, tlsTrunk));
    }
}
