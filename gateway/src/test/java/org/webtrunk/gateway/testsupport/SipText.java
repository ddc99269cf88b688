package org.webtrunk.gateway.testsupport;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** SIP messages as text for unit tests of the proxy and the dialog tracker: build, answer, read headers. */
public final class SipText {
    private static final Pattern BRANCH = Pattern.compile("branch=([^;,\\s]+)");

    private SipText() {
    }

    /** The lines joined with CRLF, ending with the blank line. */
    public static String msg(String... lines) {
        return String.join("\r\n", lines) + "\r\n\r\n";
    }

    /**
     * A response to a message as the next hop sends it: all its Vias, From, To (with tag {@code t9} added for
     * a non-100 answer), Call-ID, CSeq, Record-Route, then {@code extra} header lines.
     */
    public static String answer(String request, int status, String reason, String... extra) {
        List<String> lines = new ArrayList<>();
        lines.add("SIP/2.0 " + status + " " + reason);
        for (String line : request.split("\r\n")) {
            String lower = line.toLowerCase();
            if (lower.startsWith("via:") || lower.startsWith("from:") || lower.startsWith("call-id:")
                    || lower.startsWith("cseq:") || lower.startsWith("record-route:")) {
                lines.add(line);
            } else if (lower.startsWith("to:")) {
                lines.add(status > 100 && !line.contains("tag=") ? line + ";tag=t9" : line);
            }
        }
        lines.addAll(List.of(extra));
        lines.add("Content-Length: 0");
        return msg(lines.toArray(String[]::new));
    }

    /** The first value of header {@code name} (full name, case-insensitive), or null. */
    public static String header(String message, String name) {
        List<String> all = headers(message, name);
        return all.isEmpty() ? null : all.get(0);
    }

    public static List<String> headers(String message, String name) {
        List<String> out = new ArrayList<>();
        for (String line : message.split("\r\n")) {
            if (line.regionMatches(true, 0, name + ":", 0, name.length() + 1)) {
                out.add(line.substring(name.length() + 1).trim());
            }
        }
        return out;
    }

    public static String startLine(String message) {
        return message.substring(0, message.indexOf("\r\n"));
    }

    /** The branch of the top Via. */
    public static String branch(String message) {
        Matcher m = BRANCH.matcher(header(message, "Via"));
        return m.find() ? m.group(1) : null;
    }
}
