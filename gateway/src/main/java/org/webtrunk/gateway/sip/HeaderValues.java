package org.webtrunk.gateway.sip;

import java.util.ArrayList;
import java.util.List;

/** Splits list-valued header fields (RFC 3261 §7.3.1) on commas outside quotes and angle brackets. */
final class HeaderValues {
    private HeaderValues() {
    }

    /** Index of the first top-level comma at or after {@code from}, or -1. */
    static int topLevelComma(CharSequence s, int from) {
        boolean quoted = false;
        boolean angle = false;
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quoted) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    quoted = false;
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == '<') {
                angle = true;
            } else if (c == '>') {
                angle = false;
            } else if (c == ',' && !angle) {
                return i;
            }
        }
        return -1;
    }

    /** Adds the trimmed elements of {@code value} to {@code out}; empty elements are kept (they are errors). */
    static void split(String value, List<String> out) {
        int from = 0;
        while (true) {
            int comma = topLevelComma(value, from);
            if (comma < 0) {
                out.add(SipChars.trimLws(value.substring(from)));
                return;
            }
            out.add(SipChars.trimLws(value.substring(from, comma)));
            from = comma + 1;
        }
    }

    static List<String> split(String value) {
        List<String> out = new ArrayList<>(2);
        split(value, out);
        return out;
    }
}
