package org.webtrunk.gateway.config;

import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * A header the gateway adds to requests it forwards to a trunk, e.g. {@code X-Tenant: acme}.
 *
 * @param name  header name, an RFC 3261 §25.1 token
 * @param value header value, without CR, LF or other control characters (no header injection)
 */
public record HeaderConfig(String name, String value) {
    /**
     * Headers the proxy itself maintains (RFC 3261 §16.6): adding or stripping them would break routing,
     * transaction matching or framing. Lower case, long and compact forms.
     */
    static final Set<String> PROXY_OWNED = Set.of("via", "v", "from", "f", "to", "t", "call-id", "i", "cseq",
            "max-forwards", "content-length", "l", "content-type", "c", "route", "record-route", "contact", "m");

    public HeaderConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
    }

    /** Reads {@code "Name: value"}; throws IllegalArgumentException naming the problem. */
    static HeaderConfig parse(String line) {
        int colon = line.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("'" + line + "' is not 'Name: value'");
        }
        String name = checkName(line.substring(0, colon).trim());
        String value = line.substring(colon + 1).trim();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f) {
                throw new IllegalArgumentException("the value of " + name + " contains a control character");
            }
        }
        return new HeaderConfig(name, value);
    }

    /** Checks a header name is a token the proxy does not own; returns it. */
    static String checkName(String name) {
        if (name.isEmpty() || name.length() > 64) {
            throw new IllegalArgumentException("a header name must have 1 to 64 characters");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean token = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "-.!%*_+`'~".indexOf(c) >= 0;
            if (!token) {
                throw new IllegalArgumentException("'" + name + "' is not a header name");
            }
        }
        if (PROXY_OWNED.contains(name.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException(name + " is maintained by the proxy and cannot be added or stripped");
        }
        return name;
    }

    @Override
    public String toString() {
        return name + ": " + value;
    }
}
