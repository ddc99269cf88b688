package org.webtrunk.gateway.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.webtrunk.gateway.transport.Flow;
import org.webtrunk.gateway.transport.Transport;

/**
 * The lazy view against jain-sip-ri on the whole corpus: same verdict (accept/refuse) and, when both
 * accept, the same Request-URI, status, Call-ID, CSeq, tags, top branch, Max-Forwards and Content-Length.
 */
class DifferentialTest {
    /**
     * Where the verdicts differ, and why that is right. jain-sip is lenient where FACTS.md says it is;
     * the one case where we accept and jain-sip refuses is a header the gateway never reads.
     */
    static final Map<String, String> KNOWN_DIFFERENCES = Map.of(
            "rfc4475/invalid/badaspec", "jain-sip lenient: accepts LWS inside <> (RFC 4475 §3.1.2.14)",
            "rfc4475/invalid/baddn", "jain-sip lenient: accepts an unquoted display name with a comma (§3.1.2.15)",
            "rfc4475/invalid/badvers", "jain-sip's parser does not check the version; we answer 505 (§3.1.2.16)",
            "rfc4475/invalid/escruri", "jain-sip accepts headers in a Request-URI; RFC 3261 §19.1.1 forbids them (§3.1.2.11)",
            "rfc4475/invalid/lwsstart", "jain-sip lenient: tolerates several SP in the Request-Line (§3.1.2.9)",
            "rfc4475/invalid/trws", "jain-sip lenient: trims SP at the end of the Request-Line (§3.1.2.10)",
            "rfc4475/invalid/regbadct", "jain-sip lenient: accepts '?' in a Contact addr-spec (§3.1.2.13)",
            "rfc4475/invalid/baddate", "we accept: the gateway never reads Date, §3.1.2.12 allows accepting it",
            "jssip/compact-folded", "jain-sip does not know 'b', the compact Referred-By (RFC 3892 §7); we do");

    @Test
    void sameVerdictsAndValuesOnTheCorpus() {
        Flow udp = TestMessages.detachedFlow(Transport.UDP);
        List<String> problems = new ArrayList<>();
        int compared = 0;
        for (Map.Entry<String, byte[]> e : TestMessages.allCorpus().entrySet()) {
            Verdicts.Outcome ours = Verdicts.ours(e.getValue(), udp);
            Verdicts.Outcome theirs = Verdicts.theirs(e.getValue());
            boolean known = KNOWN_DIFFERENCES.containsKey(e.getKey());
            if (ours.ok() != theirs.ok() && !known) {
                problems.add(e.getKey() + ": ours " + (ours.ok() ? "accepts" : "refuses (" + ours.why() + ")")
                        + ", jain-sip " + (theirs.ok() ? "accepts" : "refuses (" + theirs.why() + ")"));
            }
            if (ours.ok() == theirs.ok() && known) {
                problems.add(e.getKey() + ": listed as a known difference but both agree now");
            }
            if (ours.ok() && theirs.ok()) {
                compared++;
                String diff = Verdicts.valueDiff(ours, theirs);
                if (!diff.isEmpty()) {
                    problems.add(e.getKey() + ": " + diff);
                }
            }
        }
        assertEquals(List.of(), problems);
        assertTrue(compared >= 25, "values compared on " + compared + " messages");
    }
}
