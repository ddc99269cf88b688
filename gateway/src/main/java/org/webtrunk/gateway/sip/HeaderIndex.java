package org.webtrunk.gateway.sip;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Offsets of a message's header lines in its buffer: name, value and line end of each line, and the
 * known {@link HeaderName} of each name, found once without allocating per header. Values are decoded
 * on first use and kept: sanity, policy, registrar and reply building read the same few headers.
 */
final class HeaderIndex {
    private static final int F = 6; // nameStart, nameEnd, valueStart, valueEnd, lineEnd, line break in value (1/0)

    private final MessageBytes bytes;
    private int count;
    private int[] idx = new int[F * 16];
    private HeaderName[] names = new HeaderName[16];
    private String[] values; // decoded values by line, made on the first value(i)

    HeaderIndex(MessageBytes bytes) {
        this.bytes = bytes;
    }

    /** @param bareCr the line holds a CR that does not end it (the message has failed; the value stays readable) */
    void add(int nameStart, int nameEnd, int valueStart, int valueEnd, int lineEnd, boolean bareCr) {
        if (count == names.length) {
            idx = Arrays.copyOf(idx, idx.length * 2);
            names = Arrays.copyOf(names, names.length * 2);
            values = values == null ? null : Arrays.copyOf(values, names.length);
        }
        int o = count * F;
        idx[o] = nameStart;
        idx[o + 1] = nameEnd;
        idx[o + 2] = valueStart;
        idx[o + 3] = valueEnd;
        idx[o + 4] = lineEnd;
        idx[o + 5] = bareCr ? 1 : 0;
        names[count++] = HeaderName.of(bytes, nameStart, nameEnd);
    }

    /** A folded line (RFC 3261 §7.3.1) extends the last value. */
    void extendLast(int valueEnd, int lineEnd) {
        idx[(count - 1) * F + 3] = valueEnd;
        idx[(count - 1) * F + 4] = lineEnd;
        idx[(count - 1) * F + 5] = 1;
        if (values != null) {
            values[count - 1] = null;
        }
    }

    int count() {
        return count;
    }

    HeaderName name(int i) {
        return names[i];
    }

    int indexOf(HeaderName name) {
        for (int i = 0; i < count; i++) {
            if (names[i] == name) {
                return i;
            }
        }
        return -1;
    }

    /** Case-insensitive comparison of line {@code i}'s name with {@code name}. */
    boolean nameEquals(int i, String name) {
        int s = idx[i * F];
        if (idx[i * F + 1] - s != name.length()) {
            return false;
        }
        for (int k = 0; k < name.length(); k++) {
            if (HeaderName.lower(bytes.get(s + k)) != HeaderName.lower(name.charAt(k))) {
                return false;
            }
        }
        return true;
    }

    String nameText(int i) {
        return bytes.string(idx[i * F], idx[i * F + 1]);
    }

    /** The value of line {@code i}, folding replaced by one SP, trimmed. */
    String value(int i) {
        if (values == null) {
            values = new String[names.length];
        }
        String v = values[i];
        if (v == null) {
            v = decodeValue(i);
            values[i] = v;
        }
        return v;
    }

    /**
     * Writes {@link #value(int)} of line {@code i} to {@code out}: a copy of its bytes, unless it is folded
     * (then its decoded text). Replies copy From, To, Call-ID and CSeq this way instead of encoding their text
     * again character by character.
     */
    void writeValue(int i, ByteBuf out) {
        int s = idx[i * F + 2];
        int e = idx[i * F + 3];
        if (folded(i)) {
            ByteBufUtil.writeUtf8(out, value(i));
            return;
        }
        s = trimStart(s, e);
        bytes.copyTo(s, trimEnd(s, e), out);
    }

    private String decodeValue(int i) {
        int s = idx[i * F + 2];
        int e = idx[i * F + 3];
        if (!folded(i)) {
            s = trimStart(s, e);
            return bytes.string(s, trimEnd(s, e));
        }
        byte[] out = new byte[e - s];
        int n = 0;
        boolean space = false;
        for (int k = s; k < e; k++) {
            byte c = bytes.get(k);
            if (SipChars.isLws(c)) {
                space = n > 0;
            } else {
                if (space) {
                    out[n++] = ' ';
                    space = false;
                }
                out[n++] = c;
            }
        }
        return new String(out, 0, n, StandardCharsets.UTF_8);
    }

    /** CR/LF inside the value: it was folded, or holds a bare CR (both read as one SP). */
    private boolean folded(int i) {
        return idx[i * F + 5] != 0;
    }

    private int trimStart(int s, int e) {
        while (s < e && SipChars.isWs(bytes.get(s))) {
            s++;
        }
        return s;
    }

    private int trimEnd(int s, int e) {
        while (e > s && SipChars.isWs(bytes.get(e - 1))) {
            e--;
        }
        return e;
    }

    int lineStart(int i) {
        return idx[i * F];
    }

    int lineEnd(int i) {
        return idx[i * F + 4];
    }
}
