package org.webtrunk.gateway.sip;

import gov.nist.javax.sip.header.Via;
import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import gov.nist.javax.sip.parser.ParseExceptionListener;
import gov.nist.javax.sip.parser.StringMsgParser;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import javax.sip.header.ContentLengthHeader;
import javax.sip.header.MaxForwardsHeader;

/**
 * The one door to jain-sip-ri's parser ({@code gov.nist.javax.sip.parser.StringMsgParser}; its SipStack
 * is never started). It is the reference the lazy {@link SipMessage} view is tested against, and the
 * strict parser for low-rate paths (validating a message in full, requests the gateway builds itself).
 * It costs about 20 times the lazy scan and 30 KB of garbage per INVITE (FACTS.md), so it is never on
 * the forwarding path.
 *
 * <p>Strict here means: a header that fails to parse is an error (jain-sip drops it silently by
 * default), and a request must carry the RFC 3261 §8.1.1 headers ({@code checkHeaders}).
 */
public final class ReferenceParser {
    private static final ParseExceptionListener RETHROW = (ex, msg, headerClass, header, message) -> {
        ParseException named = new ParseException(header + " | " + ex.getMessage(), ex.getErrorOffset());
        named.initCause(ex);
        throw named;
    };

    /** What the reference parser made of a message: the message, or why it refused it. */
    public record Result(SIPMessage message, String error) {
        public boolean ok() {
            return message != null;
        }
    }

    /** The values the differential tests compare; null/-1 when absent. */
    public record Values(String requestUri, int statusCode, String callId, long cseqNumber, String cseqMethod,
                         String fromTag, String toTag, String topBranch, int maxForwards, int contentLength) {
    }

    /** Parses strictly; never throws. A new parser per call: StringMsgParser is not thread-safe. */
    public Result parse(byte[] bytes) {
        try {
            SIPMessage m = new StringMsgParser().parseSIPMessage(bytes, true, false, RETHROW);
            if (m == null) {
                return new Result(null, "empty message");
            }
            if (m instanceof SIPRequest r) {
                r.checkHeaders();
            } else if (m instanceof SIPResponse r) {
                r.checkHeaders();
            }
            return new Result(m, null);
        } catch (ParseException e) {
            return new Result(null, "ParseException: " + e.getMessage());
        } catch (RuntimeException e) {
            return new Result(null, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /** Extracts the compared values from a message this parser accepted. */
    public Values values(SIPMessage m) {
        String ruri = m instanceof SIPRequest r ? r.getRequestURI().toString() : null;
        int status = m instanceof SIPResponse r ? r.getStatusCode() : -1;
        Via via = m.getTopmostVia();
        MaxForwardsHeader mf = (MaxForwardsHeader) m.getHeader(MaxForwardsHeader.NAME);
        ContentLengthHeader cl = m.getContentLength();
        return new Values(ruri, status,
                m.getCallId() == null ? null : m.getCallId().getCallId(),
                m.getCSeq() == null ? -1 : m.getCSeq().getSeqNumber(),
                m.getCSeq() == null ? null : m.getCSeq().getMethod(),
                m.getFromTag(), m.getToTag(),
                via == null ? null : via.getBranch(),
                mf == null ? -1 : mf.getMaxForwards(),
                cl == null ? -1 : cl.getContentLength());
    }

    /** Encodes a message built with jain-sip's object model (requests the gateway originates). */
    public byte[] encode(SIPMessage m) {
        return m.encode().getBytes(StandardCharsets.UTF_8);
    }
}
