package org.webtrunk.gateway.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.webtrunk.gateway.sanity.SanityCheck;
import org.webtrunk.gateway.sanity.SanityChecks;
import org.webtrunk.gateway.transport.Transport;

/**
 * The RFC 4475 torture messages (§3.1.1 valid, §3.1.2 invalid), sent through the whole SIP stage as UDP
 * datagrams (the RFC's messages "arrive over UDP"). Files are in sip-corpus/rfc4475 with CRLF line ends.
 * mpart01's body is the RFC's bytes; unreason uses the RFC's UTF-8 reason phrase.
 */
class Rfc4475CorpusTest {
    private static final String DROP = "(dropped)";

    /** §3.1.1: every valid message is indexed and passes every grammar check. */
    @Test
    void everyValidMessageParses() {
        SanityChecks syntax = new SanityChecks(syntaxChecks(), Set.of());
        var flow = TestMessages.detachedFlow(Transport.UDP);
        for (Map.Entry<String, byte[]> e : TestMessages.corpus("rfc4475/valid").entrySet()) {
            SipMessage m = TestMessages.decode(e.getValue(), flow);
            try {
                assertNull(m.failure(), e.getKey());
                assertNull(syntax.check(m), e.getKey());
            } finally {
                m.release();
            }
        }
    }

    /** What the whole stage answers to each valid message (the placeholder answers OPTIONS and refuses the rest). */
    @Test
    void validMessagesGetTheGatewaysOrdinaryAnswers() {
        Map<String, String> expected = new TreeMap<>(Map.ofEntries(
                Map.entry("dblreq", "SIP/2.0 501 Not Implemented"),
                Map.entry("esc01", "SIP/2.0 501 Not Implemented"),
                Map.entry("esc02", "SIP/2.0 501 Not Implemented"),
                Map.entry("escnull", "SIP/2.0 501 Not Implemented"),
                Map.entry("intmeth", "SIP/2.0 501 Not Implemented"),
                // valid grammar, but the gateway matches transactions by branch only (SanityCheck.VIA_BRANCH)
                Map.entry("longreq", "SIP/2.0 400 Missing Via Branch"),
                Map.entry("lwsdisp", "SIP/2.0 200 OK"),
                Map.entry("mpart01", "SIP/2.0 501 Not Implemented"),
                Map.entry("noreason", DROP),
                Map.entry("semiuri", "SIP/2.0 200 OK"),
                Map.entry("transports", "SIP/2.0 200 OK"),
                Map.entry("unreason", DROP),
                Map.entry("wsinv", "SIP/2.0 501 Not Implemented")));
        assertEquals(expected, answers("rfc4475/valid"));
    }

    /** §3.1.2: the answers the RFC asks for; responses (scalarlg, bigcode) cannot be answered and are dropped. */
    @Test
    void invalidMessagesGetTheAnswersTheRfcExpects() {
        Map<String, String> expected = new TreeMap<>(Map.ofEntries(
                Map.entry("badaspec", "SIP/2.0 400 Bad To Header"),
                // §3.1.2.12 lets an element accept a bad Date; the gateway never reads Date, so it does
                Map.entry("baddate", "SIP/2.0 501 Not Implemented"),
                Map.entry("baddn", "SIP/2.0 400 Bad From Header"),
                Map.entry("badinv01", "SIP/2.0 400 Bad Via"),
                Map.entry("badvers", "SIP/2.0 505 Version Not Supported"),
                Map.entry("bigcode", DROP),
                Map.entry("clerr", "SIP/2.0 400 Content-Length Mismatch"),
                Map.entry("escruri", "SIP/2.0 400 Bad Request-URI"),
                Map.entry("ltgtruri", "SIP/2.0 400 Bad Request-URI"),
                Map.entry("lwsruri", "SIP/2.0 400 Bad Request Line"),
                Map.entry("lwsstart", "SIP/2.0 400 Bad Request Line"),
                Map.entry("mismatch01", "SIP/2.0 400 CSeq Method Mismatch"),
                Map.entry("mismatch02", "SIP/2.0 400 CSeq Method Mismatch"),
                Map.entry("ncl", "SIP/2.0 400 Bad Content-Length"),
                Map.entry("quotbal", "SIP/2.0 400 Bad To Header"),
                Map.entry("regbadct", "SIP/2.0 400 Bad Contact"),
                Map.entry("scalar02", "SIP/2.0 400 Bad CSeq"),
                Map.entry("scalarlg", DROP),
                Map.entry("trws", "SIP/2.0 400 Bad Request Line")));
        assertEquals(expected, answers("rfc4475/invalid"));
    }

    private static Map<String, String> answers(String dir) {
        Map<String, String> got = new TreeMap<>();
        try (PipelineHarness h = new PipelineHarness(Transport.UDP)) {
            for (Map.Entry<String, byte[]> e : TestMessages.corpus(dir).entrySet()) {
                String reply = h.send(e.getValue());
                got.put(e.getKey(), reply == null ? DROP : PipelineHarness.statusLine(reply));
            }
            assertFalse(h.finish());
        }
        return got;
    }

    static EnumSet<SanityCheck> syntaxChecks() {
        EnumSet<SanityCheck> s = EnumSet.noneOf(SanityCheck.class);
        for (SanityCheck c : SanityCheck.values()) {
            if (c.syntax()) {
                s.add(c);
            }
        }
        return s;
    }
}
