package org.webtrunk.gateway.warmup;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A SIP message as the warm-up's own peers read it: the start line and the header lines, compact names expanded.
 * Plain string work, kept apart from the gateway's parser so that the warm-up exercises that parser only where
 * the real traffic does.
 */
final class WarmupMessage {
    private static final Map<String, String> COMPACT = Map.of("v", "via", "f", "from", "t", "to", "i", "call-id",
            "m", "contact", "l", "content-length", "c", "content-type", "k", "supported");

    private final String startLine;
    /** Header lines as {name in lower case, value}, in order. */
    private final List<String[]> headers;

    private WarmupMessage(String startLine, List<String[]> headers) {
        this.startLine = startLine;
        this.headers = headers;
    }

    static WarmupMessage of(String text) {
        int end = text.indexOf("\r\n\r\n");
        String head = end < 0 ? text : text.substring(0, end);
        String[] lines = head.split("\r\n");
        List<String[]> headers = new ArrayList<>(lines.length);
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
                headers.add(new String[] {COMPACT.getOrDefault(name, name), lines[i].substring(colon + 1).trim()});
            }
        }
        return new WarmupMessage(lines[0], headers);
    }

    boolean isResponse() {
        return startLine.startsWith("SIP/2.0 ");
    }

    /** The status code of a response, -1 for a request or a garbled line. */
    int status() {
        if (!isResponse() || startLine.length() < 11) {
            return -1;
        }
        try {
            return Integer.parseInt(startLine.substring(8, 11));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    String method() {
        int space = startLine.indexOf(' ');
        return space < 0 ? startLine : startLine.substring(0, space);
    }

    String startLine() {
        return startLine;
    }

    /** The first value of a header (long name, any case), or null. */
    String header(String name) {
        for (String[] h : headers) {
            if (h[0].equalsIgnoreCase(name)) {
                return h[1];
            }
        }
        return null;
    }

    /** Every value of a header, comma-separated name-addr lists split. */
    List<String> values(String name) {
        List<String> out = new ArrayList<>();
        for (String[] h : headers) {
            if (h[0].equalsIgnoreCase(name)) {
                for (String part : h[1].split(",(?=\\s*<)")) {
                    out.add(part.trim());
                }
            }
        }
        return out;
    }

    /**
     * A response as the next hop sends it (RFC 3261 §8.2.6.2): every Via, From, To (with a tag added beyond 100),
     * Call-ID, CSeq and Record-Route copied, then {@code extraHeaders} (whole lines) and {@code body}.
     */
    String answer(int status, String reason, String extraHeaders, String body) {
        StringBuilder b = new StringBuilder(512 + body.length());
        b.append("SIP/2.0 ").append(status).append(' ').append(reason).append("\r\n");
        for (String[] h : headers) {
            switch (h[0]) {
                case "via" -> line(b, "Via", h[1]);
                case "from" -> line(b, "From", h[1]);
                case "call-id" -> line(b, "Call-ID", h[1]);
                case "cseq" -> line(b, "CSeq", h[1]);
                case "record-route" -> line(b, "Record-Route", h[1]);
                case "to" -> line(b, "To", status > 100 && !h[1].contains(";tag=") ? h[1] + ";tag=trunk1" : h[1]);
                default -> { }
            }
        }
        b.append(extraHeaders);
        b.append("Content-Length: ").append(body.length()).append("\r\n\r\n").append(body);
        return b.toString();
    }

    private static void line(StringBuilder b, String name, String value) {
        b.append(name).append(": ").append(value).append("\r\n");
    }
}
