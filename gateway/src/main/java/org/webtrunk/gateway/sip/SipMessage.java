package org.webtrunk.gateway.sip;

import io.netty.buffer.ByteBuf;
import io.netty.util.AbstractReferenceCounted;
import java.util.ArrayList;
import java.util.List;
import org.webtrunk.gateway.transport.Flow;

/**
 * A lazy view over the bytes of one received SIP message (RFC 3261 §7).
 *
 * <p>{@link #decode} copies the bytes once to the heap ({@link MessageBytes}), releases the received buffer, and
 * locates the start line and the header lines, as int offsets. Values become Strings only when asked for, and the
 * common ones are cached. Malformed input never throws: {@link #failure()} says why.
 *
 * <p>Why the received buffer is not kept: a datagram is read into a 64 KiB pooled buffer, and a slice of it kept
 * until a final answer (an INVITE while it rings, for minutes in a queue) held all 64 KiB. The message stays
 * reference-counted, as messages are in a Netty pipeline, but releasing it frees nothing the collector would not.
 *
 * <p>Accessors return null (or {@link #ABSENT}/{@link #INVALID} for numbers) when a value is missing or
 * malformed; the sanity stage reports which. Not thread-safe (the caches are plain fields): like any
 * inbound message, it is handled on its channel's event loop or handed over whole.
 */
public final class SipMessage extends AbstractReferenceCounted {
    public static final int ABSENT = -1;
    public static final int INVALID = -2;

    private static final String[] METHODS = {"INVITE", "ACK", "BYE", "CANCEL", "OPTIONS", "REGISTER", "UPDATE",
        "PRACK", "INFO", "MESSAGE", "REFER", "NOTIFY", "SUBSCRIBE", "PUBLISH"};

    private final Flow flow;
    private final boolean oversized;
    private final MessageBytes bytes;
    private final int limit;

    private StartLine line;
    private int startLineStart;
    private int startLineEnd;
    private int startLineNext;

    private final HeaderIndex headers;
    private int headersEnd;
    private DecodeFailure failure;

    private String method;
    private String requestUri;
    private SipUri requestSipUri;
    private boolean requestSipUriDone;
    private String callId;
    private List<String> contactValues;
    private List<String> viaValues;
    private List<NameAddr> contacts;
    private CSeq cseq;
    private boolean cseqDone;
    private NameAddr from;
    private boolean fromDone;
    private NameAddr to;
    private boolean toDone;
    private Via topVia;
    private boolean topViaDone;
    private int maxForwards = Integer.MIN_VALUE;
    private int contentLength = Integer.MIN_VALUE;

    private SipMessage(ByteBuf buf, Flow flow, boolean oversized) {
        this.flow = flow;
        this.oversized = oversized;
        this.bytes = new MessageBytes(buf);
        this.limit = bytes.length();
        this.headers = new HeaderIndex(bytes);
    }

    /**
     * Indexes a copy of {@code content} and releases {@code content} (also when it throws).
     *
     * @param maxHeaders bound on header lines (against parser-exhaustion floods)
     * @param oversized  the frame was cut at the listener's limit: the message is marked {@link DecodeFailure#OVERSIZED}
     */
    public static SipMessage decode(ByteBuf content, Flow flow, int maxHeaders, boolean oversized) {
        SipMessage m;
        try {
            m = new SipMessage(content, flow, oversized);
        } finally {
            content.release();
        }
        m.index(maxHeaders);
        if (oversized) {
            m.failure = DecodeFailure.OVERSIZED;
        }
        return m;
    }

    private void index(int maxHeaders) {
        int p = 0;
        while (p < limit && (b(p) == SipChars.CR || b(p) == SipChars.LF)) {
            p++; // RFC 3261 §7.5: ignore CRLF before the start line (keep-alives)
        }
        int startBreak = bytes.indexOfLineBreak(p, limit);
        int eol = lineFeed(startBreak);
        startLineStart = p;
        if (eol < 0) {
            startLineEnd = limit;
            startLineNext = limit;
            line = StartLine.missing(bytes, p, limit);
            fail(DecodeFailure.START_LINE);
            headersEnd = limit;
            return;
        }
        startLineEnd = contentEnd(p, eol);
        startLineNext = eol + 1;
        line = StartLine.parse(bytes, p, startLineEnd);
        if (!line.ok || startBreak < startLineEnd) {
            fail(DecodeFailure.START_LINE);
        }
        p = eol + 1;
        while (true) {
            if (p >= limit) {
                fail(DecodeFailure.INCOMPLETE);
                headersEnd = limit;
                return;
            }
            byte c = b(p);
            if (c == SipChars.LF || (c == SipChars.CR && p + 1 < limit && b(p + 1) == SipChars.LF)) {
                headersEnd = c == SipChars.LF ? p + 1 : p + 2;
                return;
            }
            int lineBreak = bytes.indexOfLineBreak(p, limit);
            int lf = lineFeed(lineBreak);
            int next = lf < 0 ? limit : lf + 1;
            int end = contentEnd(p, lf);
            if (lf < 0) {
                fail(DecodeFailure.INCOMPLETE);
            }
            boolean bareCr = lineBreak >= 0 && lineBreak < end;
            if (bareCr) {
                fail(DecodeFailure.HEADER_LINE); // a bare CR is neither a line end nor allowed in a value
            }
            if (c == SipChars.SP || c == SipChars.HT) {
                if (headers.count() == 0) {
                    fail(DecodeFailure.HEADER_LINE);
                } else {
                    headers.extendLast(end, next);
                }
            } else {
                addHeader(p, end, next, maxHeaders, bareCr);
                if (failure == DecodeFailure.TOO_MANY_HEADERS) {
                    headersEnd = limit;
                    return;
                }
            }
            p = next;
        }
    }

    /**
     * The LF ending a line whose first CR or LF is at {@code lineBreak} (-1: none): that one, or, after a CR, the
     * next LF. One scan per line finds the line end and any bare CR before it.
     */
    private int lineFeed(int lineBreak) {
        return lineBreak < 0 || b(lineBreak) == SipChars.LF ? lineBreak
                : bytes.indexOf(lineBreak + 1, limit, SipChars.LF);
    }

    /** End of the line's content: before its CRLF or LF, or the message end when no LF came. */
    private int contentEnd(int p, int lf) {
        return lf < 0 ? limit : (lf > p && b(lf - 1) == SipChars.CR ? lf - 1 : lf);
    }

    private void addHeader(int p, int end, int next, int maxHeaders, boolean bareCr) {
        int q = p;
        while (q < end && SipChars.isToken(b(q))) {
            q++;
        }
        int nameEnd = q;
        while (q < end && SipChars.isWs(b(q))) {
            q++;
        }
        if (nameEnd == p || q >= end || b(q) != ':') {
            fail(DecodeFailure.HEADER_LINE); // skipped; the other headers stay usable for the reply
            return;
        }
        if (headers.count() >= maxHeaders) {
            fail(DecodeFailure.TOO_MANY_HEADERS);
            return;
        }
        headers.add(p, nameEnd, q + 1, end, next, bareCr);
    }

    private void fail(DecodeFailure f) {
        if (failure == null) {
            failure = f;
        }
    }

    private byte b(int i) {
        return bytes.get(i);
    }

    private String string(int s, int e) {
        return bytes.string(s, e);
    }

    // ---- start line

    public Flow flow() {
        return flow;
    }

    /** Why the message could not be indexed; null when it was. */
    public DecodeFailure failure() {
        return failure;
    }

    public boolean oversized() {
        return oversized;
    }

    public boolean isRequest() {
        return line.request;
    }

    /** The method token; common methods return shared constants (no allocation). */
    public String method() {
        if (method == null && line.request) {
            int n = line.t0e - line.t0s;
            for (String m : METHODS) {
                if (m.length() == n && regionEquals(line.t0s, m)) {
                    return method = m;
                }
            }
            method = string(line.t0s, line.t0e);
        }
        return method;
    }

    /** True if this is a request with exactly this method (case-sensitive, RFC 3261 §7.1). */
    public boolean isMethod(String m) {
        return line.request && m.length() == line.t0e - line.t0s && regionEquals(line.t0s, m);
    }

    private boolean regionEquals(int at, String s) {
        for (int i = 0; i < s.length(); i++) {
            if (b(at + i) != s.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    public String requestUri() {
        if (requestUri == null && line.request) {
            requestUri = string(line.t1s, line.t1e);
        }
        return requestUri;
    }

    /** The Request-URI parsed, once for sanity, policy and routing; null for responses or when malformed. */
    public SipUri requestSipUri() {
        if (!requestSipUriDone) {
            String text = requestUri();
            requestSipUri = text == null ? null : SipUri.parse(text);
            requestSipUriDone = true;
        }
        return requestSipUri;
    }

    /** "SIP/2.0" as sent (requests: the third token, responses: the first). */
    public String version() {
        return line.request ? string(line.t2s, line.t2e) : string(line.t0s, line.t0e);
    }

    public boolean versionIs20() {
        int s = line.request ? line.t2s : line.t0s;
        int e = line.request ? line.t2e : line.t0e;
        return e - s == 7 && StartLine.sipSlash(bytes, s, e) && b(s + 4) == '2' && b(s + 5) == '.' && b(s + 6) == '0';
    }

    /** Status code of a response, -1 for a request or a bad status line. */
    public int statusCode() {
        return line.status;
    }

    public String reason() {
        return line.request ? null : string(line.t2s, line.t2e);
    }

    /** The start line as received, without its line end. */
    public String startLine() {
        return string(startLineStart, startLineEnd);
    }

    // ---- headers

    /** Number of indexed header lines. */
    public int headerCount() {
        return headers.count();
    }

    /** The known name of header line {@code i}, null if the gateway does not know it. */
    public HeaderName headerName(int i) {
        return headers.name(i);
    }

    /** The name of header line {@code i} as sent. */
    public String headerNameText(int i) {
        return headers.nameText(i);
    }

    /** The value of header line {@code i}, folding replaced by one SP, trimmed. */
    public String headerValue(int i) {
        return headers.value(i);
    }

    /** Index of the first line with this name, or -1. */
    public int indexOf(HeaderName name) {
        return headers.indexOf(name);
    }

    public boolean has(HeaderName name) {
        return indexOf(name) >= 0;
    }

    /** The value of the first line with this name (full or compact form), null if absent. */
    public String header(HeaderName name) {
        int i = indexOf(name);
        return i < 0 ? null : headerValue(i);
    }

    /**
     * Writes the value {@link #header(HeaderName)} returns into {@code out}, copying the message's bytes;
     * false (nothing written) when the header is absent.
     */
    public boolean writeHeader(HeaderName name, ByteBuf out) {
        int i = indexOf(name);
        if (i < 0) {
            return false;
        }
        headers.writeValue(i, out);
        return true;
    }

    /** By name as text: known names match their compact form too; others compare case-insensitively. */
    public String header(String name) {
        HeaderName known = HeaderName.of(name);
        if (known != null) {
            return header(known);
        }
        for (int i = 0; i < headers.count(); i++) {
            if (headers.name(i) == null && headers.nameEquals(i, name)) {
                return headerValue(i);
            }
        }
        return null;
    }

    /** Number of lines with this name. */
    public int lineCount(HeaderName name) {
        int n = 0;
        for (int i = 0; i < headers.count(); i++) {
            if (headers.name(i) == name) {
                n++;
            }
        }
        return n;
    }

    /**
     * All values of a list header (Via, Contact, Route, Record-Route, Supported, Require ...), in order,
     * split on commas outside quotes and {@code <>}. Not for Authorization-like headers, whose commas separate parameters.
     */
    public List<String> headerValues(HeaderName name) {
        List<String> out = new ArrayList<>(2);
        for (int i = 0; i < headers.count(); i++) {
            if (headers.name(i) == name) {
                HeaderValues.split(headerValue(i), out);
            }
        }
        return out;
    }

    // ---- common fields, parsed on first use

    public String callId() {
        if (callId == null) {
            callId = header(HeaderName.CALL_ID);
        }
        return callId;
    }

    /**
     * Every Via value, top first, split at top-level commas and read once: sanity, the loop check and the
     * reply all walk them.
     */
    public List<String> viaValues() {
        if (viaValues == null) {
            viaValues = java.util.Collections.unmodifiableList(headerValues(HeaderName.VIA));
        }
        return viaValues;
    }

    /** The Contact values split at top-level commas (RFC 3261 §20.10), read once; empty when absent. */
    public List<String> contactValues() {
        if (contactValues == null) {
            contactValues = java.util.Collections.unmodifiableList(headerValues(HeaderName.CONTACT));
        }
        return contactValues;
    }

    /**
     * The Contact values parsed once, for sanity checks and the registrar alike: same order and size as
     * {@link #contactValues()}, an entry null where that value is malformed (or the wildcard {@code *}).
     */
    public List<NameAddr> contacts() {
        if (contacts == null) {
            List<String> values = contactValues();
            List<NameAddr> parsed = new ArrayList<>(values.size());
            for (String v : values) {
                parsed.add(NameAddr.parse(v));
            }
            contacts = java.util.Collections.unmodifiableList(parsed);
        }
        return contacts;
    }

    /** Null when absent or malformed. */
    public CSeq cseq() {
        if (!cseqDone) {
            cseq = CSeq.parse(header(HeaderName.CSEQ));
            cseqDone = true;
        }
        return cseq;
    }

    /** Null when absent or malformed. */
    public NameAddr from() {
        if (!fromDone) {
            from = NameAddr.parse(header(HeaderName.FROM));
            fromDone = true;
        }
        return from;
    }

    /** Null when absent or malformed. */
    public NameAddr to() {
        if (!toDone) {
            to = NameAddr.parse(header(HeaderName.TO));
            toDone = true;
        }
        return to;
    }

    public String fromTag() {
        NameAddr f = from();
        return f == null ? null : f.tag();
    }

    public String toTag() {
        NameAddr t = to();
        return t == null ? null : t.tag();
    }

    /** The first value of the first Via line; null when absent or malformed. */
    public Via topVia() {
        if (!topViaDone) {
            String v = topViaText();
            topVia = v == null ? null : Via.parse(v);
            topViaDone = true;
        }
        return topVia;
    }

    /** The text of the topmost Via value, null if there is no Via. */
    public String topViaText() {
        String v = header(HeaderName.VIA);
        if (v == null) {
            return null;
        }
        int comma = HeaderValues.topLevelComma(v, 0);
        return comma < 0 ? v : SipChars.trimLws(v.substring(0, comma));
    }

    /** 0..255, {@link #ABSENT} or {@link #INVALID} (RFC 3261 §20.22). */
    public int maxForwards() {
        if (maxForwards == Integer.MIN_VALUE) {
            maxForwards = number(HeaderName.MAX_FORWARDS, 255);
        }
        return maxForwards;
    }

    /** The declared Content-Length, {@link #ABSENT} or {@link #INVALID} (RFC 3261 §20.14). */
    public int contentLength() {
        if (contentLength == Integer.MIN_VALUE) {
            contentLength = number(HeaderName.CONTENT_LENGTH, Integer.MAX_VALUE);
        }
        return contentLength;
    }

    private int number(HeaderName name, long max) {
        int i = indexOf(name);
        if (i < 0) {
            return ABSENT;
        }
        long v = SipChars.parseUnsigned(headerValue(i), max);
        return v < 0 ? INVALID : (int) v;
    }

    // ---- body

    /** Bytes after the empty line, as received (may differ from Content-Length). */
    public int receivedBodyLength() {
        return limit - headersEnd;
    }

    /**
     * The body: Content-Length bytes when it is declared and available (extra datagram bytes are
     * discarded, RFC 3261 §18.3), else everything after the empty line. A view of the message's heap copy.
     */
    public ByteBuf body() {
        return bytes.view(headersEnd, headersEnd + bodyLength());
    }

    /** The length of {@link #body()}. */
    public int bodyLength() {
        int cl = contentLength();
        return cl >= 0 && cl <= receivedBodyLength() ? cl : receivedBodyLength();
    }

    /** Appends the received bytes {@code [from, to)} to {@code out} (for {@link MessageEditor}). */
    void copyTo(int from, int to, ByteBuf out) {
        bytes.copyTo(from, to, out);
    }

    // ---- offsets for MessageEditor

    int startLineStart() {
        return startLineStart;
    }

    int startLineNext() {
        return startLineNext;
    }

    int requestUriStart() {
        return line.t1s;
    }

    int requestUriEnd() {
        return line.t1e;
    }

    int lineStart(int i) {
        return headers.lineStart(i);
    }

    int lineEnd(int i) {
        return headers.lineEnd(i);
    }

    int headersEnd() {
        return headersEnd;
    }

    @Override
    public SipMessage retain() {
        super.retain();
        return this;
    }

    @Override
    public SipMessage touch(Object hint) {
        return this;
    }

    @Override
    protected void deallocate() {
        // nothing to free: the received buffer was released by decode
    }

    @Override
    public String toString() {
        return "SipMessage[" + startLine() + " from " + flow + (failure != null ? ", " + failure : "") + "]";
    }
}
