package org.webtrunk.gateway.transport;

/** A host as SIP URIs and Via headers write it: an IPv6 literal in brackets (RFC 3261 §25.1, RFC 5118). */
public final class UriHosts {
    private UriHosts() {
    }

    /** {@code host}, bracketed if it is an IPv6 literal that is not bracketed yet. */
    public static String bracketed(String host) {
        return host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    /** {@code host} without the brackets of an IPv6 reference, for address parsers; others as they are. */
    public static String unbracketed(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }
}
