package org.webtrunk.gateway.sip;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Builds a response to a received request as RFC 3261 §8.2.6.2 says: Via (all values, in order; the top
 * one gets {@code received} and {@code rport}, §18.2.1 and RFC 3581 §4), From, To (with a tag added when
 * the request had none and the status is above 100), Call-ID and CSeq copied; then the extra header lines,
 * Server, and {@code Content-Length: 0}.
 *
 * <p>The To tag the gateway adds is derived from the request (Call-ID, From tag, branch), so a
 * retransmitted request gets the same tag without any state.
 */
public final class SipResponseBuilder {
    private static final byte[] SIP_2_0 = "SIP/2.0 ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] FROM = "From: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TO = "To: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CALL_ID = "Call-ID: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CSEQ = "CSeq: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CONTENT_LENGTH_0 = "Content-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private final String serverName;

    /** @param serverName value of the Server header, null or empty for none */
    public SipResponseBuilder(String serverName) {
        this.serverName = serverName == null || serverName.isEmpty() ? null : serverName;
    }

    /** True if a response can be built: the request has at least one usable Via (RFC 3261 §18.2.2). */
    public static boolean answerable(SipMessage request) {
        return request.isRequest() && !request.isMethod("ACK") && request.topViaText() != null
                && !request.topViaText().isEmpty();
    }

    /**
     * @param extraHeaders complete header lines without line end, e.g. {@code "Unsupported: foo"}
     */
    public ByteBuf build(SipMessage request, int status, String reason, List<String> extraHeaders, ByteBufAllocator alloc) {
        // written straight into the buffer: a StringBuilder, its String and that String's bytes were three
        // copies of every answer (a third of the garbage per REGISTER answered)
        ByteBuf out = alloc.buffer(512);
        try {
            out.writeBytes(SIP_2_0);
            ByteBufUtil.writeAscii(out, Integer.toString(status));
            out.writeByte(' ');
            ByteBufUtil.writeUtf8(out, reason);
            out.writeBytes(CRLF);
            List<String> vias = request.viaValues();
            for (int i = 0; i < vias.size(); i++) {
                line(out, "Via: ", i == 0 ? topViaWithSource(vias.get(0), request) : vias.get(i));
            }
            copyLine(out, FROM, request, HeaderName.FROM);
            if (copy(out, TO, request, HeaderName.TO)) {
                NameAddr parsed = request.to();
                if (status > 100 && parsed != null && parsed.tag() == null) {
                    ByteBufUtil.writeAscii(out, ";tag=");
                    ByteBufUtil.writeAscii(out, localTag(request));
                }
                out.writeBytes(CRLF);
            }
            copyLine(out, CALL_ID, request, HeaderName.CALL_ID);
            copyLine(out, CSEQ, request, HeaderName.CSEQ);
            for (String h : extraHeaders) {
                line(out, "", h);
            }
            if (serverName != null) {
                line(out, "Server: ", serverName);
            }
            out.writeBytes(CONTENT_LENGTH_0);
            return out;
        } catch (RuntimeException e) {
            out.release();
            throw e;
        }
    }

    /** {@code prefix value CRLF} with the request's value bytes; nothing when the request has no such header. */
    private static void copyLine(ByteBuf out, byte[] prefix, SipMessage request, HeaderName name) {
        if (copy(out, prefix, request, name)) {
            out.writeBytes(CRLF);
        }
    }

    /** {@code prefix value}, without the line end; false and nothing when the request has no such header. */
    private static boolean copy(ByteBuf out, byte[] prefix, SipMessage request, HeaderName name) {
        int start = out.writerIndex();
        out.writeBytes(prefix);
        if (!request.writeHeader(name, out)) {
            out.writerIndex(start);
            return false;
        }
        return true;
    }

    /** {@code prefix value CRLF}; nothing when the value is absent. */
    private static void line(ByteBuf out, String prefix, String value) {
        if (value != null) {
            ByteBufUtil.writeAscii(out, prefix);
            ByteBufUtil.writeUtf8(out, value);
            out.writeBytes(CRLF);
        }
    }

    /**
     * The top Via with {@code received} set to the source address when it differs from the sent-by host
     * (RFC 3261 §18.2.1), and {@code rport} filled in when the client asked for it (RFC 3581 §4).
     * A Via the gateway cannot parse is copied as it came: the client still matches it by text.
     */
    static String topViaWithSource(String text, SipMessage request) {
        Via via = text.equals(request.topViaText()) ? request.topVia() : Via.parse(text); // parsed once per request
        if (via == null || request.flow() == null) {
            return text;
        }
        InetSocketAddress remote = request.flow().remote();
        String host = request.flow().remoteHost();
        boolean addReceived = !host.equalsIgnoreCase(via.host()) || via.hasRport();
        return MessageEditor.viaWithParams(via, addReceived ? host : null, via.hasRport() ? remote.getPort() : -1);
    }

    /**
     * True if the request's To tag is the one {@link #build} would add to an answer to it: an ACK of a
     * non-2xx that the gateway sent (statelessly or not), which carries the INVITE's branch (§17.1.1.3).
     */
    public static boolean isLocalTag(SipMessage request) {
        String tag = request.toTag();
        return tag != null && tag.startsWith("wt") && tag.equals(localTag(request));
    }

    static String localTag(SipMessage request) {
        String callId = request.callId();
        String fromTag = request.fromTag();
        Via via = request.topVia();
        int h = 17;
        h = 31 * h + (callId == null ? 0 : callId.hashCode());
        h = 31 * h + (fromTag == null ? 0 : fromTag.hashCode());
        h = 31 * h + (via == null || via.branch() == null ? 0 : via.branch().hashCode());
        return "wt" + Integer.toHexString(h);
    }
}
