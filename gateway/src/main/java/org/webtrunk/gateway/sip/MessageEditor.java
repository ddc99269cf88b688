package org.webtrunk.gateway.sip;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Forwards a message by rewriting its bytes instead of re-encoding it (RFC 3261 §16.6): replace the
 * Request-URI, put Via/Record-Route lines on top, remove lines (credentials), replace lines, fill in
 * the top Via's {@code received}/{@code rport}, decrement Max-Forwards. Everything else, the body
 * included, is copied as received; Content-Length is corrected when the body was cut (UDP, §18.3).
 *
 * <p>Not thread-safe; one editor per message. The message is not modified or released.
 */
public final class MessageEditor {
    private static final byte[] CRLF = {'\r', '\n'};

    private final SipMessage msg;
    private final List<String> prepended = new ArrayList<>(2);
    private final Map<Integer, String> replaced = new HashMap<>();
    private String requestUri;

    public MessageEditor(SipMessage msg) {
        this.msg = msg;
    }

    /** Replaces the Request-URI (RFC 3261 §16.6 step 2). */
    public MessageEditor requestUri(String uri) {
        this.requestUri = uri;
        return this;
    }

    /**
     * Inserts a complete header line (without line end) right after the start line; lines keep the
     * order of the calls, so prepend Via first, then Record-Route (both go above the existing ones).
     */
    public MessageEditor prependHeader(String line) {
        prepended.add(line);
        return this;
    }

    /** Removes every line with this name (e.g. Proxy-Authorization for our realm, RFC 3261 §22.3). */
    public MessageEditor removeHeaders(HeaderName name) {
        for (int i = 0; i < msg.headerCount(); i++) {
            if (msg.headerName(i) == name) {
                replaced.put(i, null);
            }
        }
        return this;
    }

    /** Removes header line {@code index} (see {@link SipMessage#headerCount()}). */
    public MessageEditor removeHeader(int index) {
        replaced.put(index, null);
        return this;
    }

    /** Replaces header line {@code index} with a complete line (without line end). */
    public MessageEditor replaceHeader(int index, String line) {
        replaced.put(index, line);
        return this;
    }

    /**
     * Sets {@code received} (when non-null) and {@code rport} (when >= 0) on the topmost Via value
     * (RFC 3261 §18.2.1, RFC 3581 §4). Other values on the same line are kept.
     */
    public MessageEditor topViaParams(String received, int rport) {
        int i = msg.indexOf(HeaderName.VIA);
        Via top = msg.topVia();
        if (i < 0 || top == null) {
            return this;
        }
        String line = msg.headerValue(i);
        int comma = HeaderValues.topLevelComma(line, 0);
        String rest = comma < 0 ? "" : ", " + SipChars.trimLws(line.substring(comma + 1));
        replaced.put(i, "Via: " + viaWithParams(top, received, rport) + rest);
        return this;
    }

    /**
     * Decrements Max-Forwards, or adds it with {@code valueIfAbsent} (RFC 3261 §16.6 step 3). The
     * caller has already refused a request whose Max-Forwards is 0 (483, §16.3 step 3).
     */
    public MessageEditor decrementMaxForwards(int valueIfAbsent) {
        int i = msg.indexOf(HeaderName.MAX_FORWARDS);
        int mf = msg.maxForwards();
        if (i < 0) {
            prepended.add("Max-Forwards: " + valueIfAbsent);
        } else if (mf > 0) {
            replaced.put(i, "Max-Forwards: " + (mf - 1));
        }
        return this;
    }

    /** Writes the edited message into a new buffer. */
    public ByteBuf build(ByteBufAllocator alloc) {
        int bodyLength = msg.bodyLength();
        ByteBuf out = alloc.buffer(msg.headersEnd() - msg.startLineStart() + bodyLength + 256);
        if (requestUri != null && msg.isRequest()) {
            copy(msg.startLineStart(), msg.requestUriStart(), out);
            ascii(requestUri, out);
            copy(msg.requestUriEnd(), msg.startLineNext(), out);
        } else {
            copy(msg.startLineStart(), msg.startLineNext(), out);
        }
        for (String line : prepended) {
            ascii(line, out);
            out.writeBytes(CRLF);
        }
        boolean sawLength = false;
        for (int i = 0; i < msg.headerCount(); i++) {
            if (replaced.containsKey(i)) {
                String line = replaced.get(i);
                if (line != null) {
                    ascii(line, out);
                    out.writeBytes(CRLF);
                }
                continue;
            }
            if (msg.headerName(i) == HeaderName.CONTENT_LENGTH) {
                sawLength = true;
                if (SipChars.parseUnsigned(msg.headerValue(i), Integer.MAX_VALUE) != bodyLength) {
                    ascii("Content-Length: " + bodyLength, out);
                    out.writeBytes(CRLF);
                    continue;
                }
            }
            copy(msg.lineStart(i), msg.lineEnd(i), out);
        }
        if (!sawLength) { // mandatory on stream transports (RFC 3261 §18.3, §20.14)
            ascii("Content-Length: " + bodyLength, out);
            out.writeBytes(CRLF);
        }
        out.writeBytes(CRLF);
        copy(msg.headersEnd(), msg.headersEnd() + bodyLength, out);
        return out;
    }

    private void copy(int from, int to, ByteBuf out) {
        if (to > from) {
            msg.copyTo(from, to, out);
        }
    }

    private static void ascii(String s, ByteBuf out) {
        out.writeCharSequence(s, StandardCharsets.UTF_8);
    }

    /** The Via value with {@code received}/{@code rport} set, other parameters kept in order. */
    static String viaWithParams(Via via, String received, int rport) {
        StringBuilder sb = new StringBuilder(96);
        sb.append(via.protocol()).append('/').append(via.transport()).append(' ').append(via.sentBy());
        for (Map.Entry<String, String> p : via.params().map().entrySet()) {
            String name = p.getKey();
            if (name.equals("received") && received != null) {
                continue;
            }
            sb.append(';').append(name);
            if (name.equals("rport") && rport >= 0) {
                sb.append('=').append(rport);
            } else if (p.getValue() != null) {
                sb.append('=').append(p.getValue());
            }
        }
        if (received != null) {
            sb.append(";received=").append(received);
        }
        if (rport >= 0 && !via.hasRport()) {
            sb.append(";rport=").append(rport);
        }
        return sb.toString();
    }
}
