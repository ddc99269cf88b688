package org.webtrunk.gateway.sip;

import java.util.Objects;
import org.webtrunk.gateway.sanity.SanityChecks;
import org.webtrunk.gateway.sanity.SanityFailure;
import org.webtrunk.gateway.transport.Flow;

/** The lazy view's and jain-sip's verdicts and values for the same bytes. */
final class Verdicts {
    static final ReferenceParser REFERENCE = new ReferenceParser();
    static final SanityChecks SYNTAX = new SanityChecks(Rfc4475CorpusTest.syntaxChecks(), java.util.Set.of());

    /** @param receivedBody bytes after the empty line (ours only, -1 otherwise) */
    record Outcome(boolean ok, String why, ReferenceParser.Values values, int receivedBody) {
    }

    private Verdicts() {
    }

    /** Our verdict: indexed without failure and every grammar check passes. */
    static Outcome ours(byte[] bytes, Flow flow) {
        SipMessage m = TestMessages.decode(bytes, flow);
        try {
            if (m.failure() != null) {
                return new Outcome(false, m.failure().name(), null, -1);
            }
            SanityFailure f = SYNTAX.check(m);
            if (f != null) {
                return new Outcome(false, f.check().name(), null, -1);
            }
            Via via = m.topVia();
            CSeq cseq = m.cseq();
            return new Outcome(true, null, new ReferenceParser.Values(m.requestUri(), m.statusCode(), m.callId(),
                    cseq == null ? -1 : cseq.number(), cseq == null ? null : cseq.method(), m.fromTag(), m.toTag(),
                    via == null ? null : via.branch(), m.maxForwards() < 0 ? -1 : m.maxForwards(),
                    m.contentLength() < 0 ? -1 : m.contentLength()), m.receivedBodyLength());
        } finally {
            m.release();
        }
    }

    static Outcome theirs(byte[] bytes) {
        ReferenceParser.Result r = REFERENCE.parse(bytes);
        return r.ok() ? new Outcome(true, null, REFERENCE.values(r.message()), -1) : new Outcome(false, r.error(), null, -1);
    }

    /**
     * Differences in the compared values, ignoring how each side spells the same thing: jain-sip
     * returns an absent Content-Length as 0, and replaces a Content-Length smaller than the body by the
     * body's length (FACTS.md: it accepts such messages; on UDP we cut the body, RFC 3261 §18.3).
     */
    static String valueDiff(Outcome ours, Outcome theirs) {
        ReferenceParser.Values a = ours.values();
        ReferenceParser.Values b = theirs.values();
        StringBuilder sb = new StringBuilder();
        diff(sb, "requestUri", a.requestUri(), b.requestUri());
        diff(sb, "status", a.statusCode(), b.statusCode());
        diff(sb, "callId", a.callId(), b.callId());
        diff(sb, "cseq", a.cseqNumber(), b.cseqNumber());
        diff(sb, "cseqMethod", a.cseqMethod(), b.cseqMethod());
        diff(sb, "fromTag", a.fromTag(), b.fromTag());
        diff(sb, "toTag", a.toTag(), b.toTag());
        diff(sb, "branch", a.topBranch(), b.topBranch());
        diff(sb, "maxForwards", a.maxForwards(), b.maxForwards());
        boolean jainTookBodyLength = b.contentLength() == ours.receivedBody() && a.contentLength() < ours.receivedBody();
        if (!jainTookBodyLength) {
            diff(sb, "contentLength", a.contentLength() < 0 ? 0 : a.contentLength(), b.contentLength() < 0 ? 0 : b.contentLength());
        }
        return sb.toString();
    }

    private static void diff(StringBuilder sb, String name, Object a, Object b) {
        if (!Objects.equals(a, b)) {
            sb.append(name).append(": ours=").append(a).append(" jain-sip=").append(b).append("; ");
        }
    }
}
