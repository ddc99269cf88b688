package org.webtrunk.gateway.dialog;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.webtrunk.gateway.proxy.Target;
import org.webtrunk.gateway.sip.NameAddr;
import org.webtrunk.gateway.sip.SipUri;
import org.webtrunk.gateway.transport.Flow;
import org.webtrunk.gateway.transport.Transport;
import org.webtrunk.gateway.transport.UriHosts;

/**
 * Builds the requests the gateway sends inside a dialog in one party's name (RFC 3261 §12.2.1.1): the
 * Request-URI is the other party's Contact, the Route set is the part of the Record-Route that lies
 * beyond us toward that party, From and To are the dialog's with both tags, the CSeq continues the
 * named party's sequence.
 */
final class InDialogRequests {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private InDialogRequests() {
    }

    /** The two route sets beyond us: toward the callee and toward the caller. */
    record RouteSets(List<String> toCallee, List<String> toCaller) {
    }

    /**
     * Splits the Record-Route of a 2xx (topmost first: the proxies nearest the callee come first, RFC 3261
     * §16.6 step 4) around our own entries. Toward the callee, the entries before ours in reverse (a UAC's
     * route set is the Record-Route reversed, §12.1.2); toward the caller, the entries after ours in order
     * (the UAS's route set, §12.1.1). Without our entries, nobody else record-routed that we know of.
     */
    static RouteSets routeSets(List<String> recordRoute, List<String> ours) {
        List<String> ourHosts = new ArrayList<>(ours.size());
        for (String o : ours) {
            String hp = hostPort(o);
            if (hp != null) {
                ourHosts.add(hp);
            }
        }
        int first = -1;
        int last = -1;
        for (int i = 0; i < recordRoute.size(); i++) {
            boolean mine = ourHosts.contains(hostPort(recordRoute.get(i)));
            if (mine && first < 0) {
                first = i;
                last = i;
            } else if (mine && last == i - 1) {
                last = i;
            } else if (first >= 0) {
                break;
            }
        }
        if (first < 0) {
            return new RouteSets(List.of(), List.of());
        }
        List<String> toCallee = new ArrayList<>(recordRoute.subList(0, first));
        Collections.reverse(toCallee);
        return new RouteSets(List.copyOf(toCallee), List.copyOf(recordRoute.subList(last + 1, recordRoute.size())));
    }

    private static String hostPort(String nameAddr) {
        NameAddr na = NameAddr.parse(nameAddr);
        if (na == null || !na.uri().isSip()) {
            return null;
        }
        return na.uri().host().toLowerCase(Locale.ROOT) + ":" + na.uri().port();
    }

    /** The URI of a Contact value (first one if several); null if it does not parse. */
    static String uriOf(String contactValue) {
        if (contactValue == null) {
            return null;
        }
        NameAddr na = NameAddr.parse(contactValue);
        if (na == null && contactValue.indexOf(',') > 0) {
            na = NameAddr.parse(contactValue.substring(0, contactValue.indexOf(',')));
        }
        return na == null ? null : na.uri().raw();
    }

    /** The request text without Via (the originator puts ours on top). */
    static String build(String method, String requestUri, List<String> route, String from, String to, String callId,
                        long cseq, String reason) {
        StringBuilder sb = new StringBuilder(512);
        sb.append(method).append(' ').append(requestUri).append(" SIP/2.0\r\n");
        if (!route.isEmpty()) {
            sb.append("Route: ").append(String.join(", ", route)).append("\r\n");
        }
        sb.append("Max-Forwards: 70\r\n");
        sb.append("From: ").append(from).append("\r\n");
        sb.append("To: ").append(to).append("\r\n");
        sb.append("Call-ID: ").append(callId).append("\r\n");
        sb.append("CSeq: ").append(cseq).append(' ').append(method).append("\r\n");
        if (reason != null) {
            sb.append("Reason: ").append(reason).append("\r\n");
        }
        sb.append("Content-Length: 0\r\n\r\n");
        return sb.toString();
    }

    /**
     * Where a request to one side goes. A side on a connection (WebSocket, TCP, TLS) is reached over that
     * connection only, never to a {@code .invalid} host and never once it closed (null then). A UDP side
     * is reached at the first Route, else the Request-URI, when it names an IP address (no DNS on an
     * event loop); otherwise at the address the call's requests went to.
     */
    static Target targetFor(Flow sideFlow, List<String> route, String requestUri) {
        if (sideFlow != null && sideFlow.transport().reliable()) {
            return sideFlow.isOpen() ? Target.of(sideFlow) : null;
        }
        String next = route.isEmpty() ? requestUri : uriOf(route.get(0));
        Target literal = literalTarget(next);
        if (literal != null) {
            return literal;
        }
        return sideFlow == null ? null : Target.of(sideFlow);
    }

    /**
     * True when {@code target} is a next hop toward one side of a dialog: that side's connection or address,
     * or the IP address its route set (else its Contact) names. What a UA's in-dialog request may reach.
     */
    static boolean reaches(Target target, Flow sideFlow, List<String> route, String contact) {
        if (target == null) {
            return false;
        }
        if (sideFlow != null && sameHop(target, sideFlow.transport(), sideFlow.remote())) {
            return true;
        }
        String next = route.isEmpty() ? uriOf(contact) : uriOf(route.get(0));
        Target literal = literalTarget(next);
        return literal != null && sameHop(target, literal.transport(), literal.address());
    }

    private static boolean sameHop(Target t, Transport transport, InetSocketAddress address) {
        return t.transport() == transport && t.address().equals(address);
    }

    private static Target literalTarget(String uriText) {
        SipUri uri = uriText == null ? null : SipUri.parse(uriText);
        if (uri == null || !uri.isSip()) {
            return null;
        }
        Transport transport = uri.transport();
        if (transport == null || transport.webSocket()) {
            return null;
        }
        String host = uri.host();
        boolean v6 = host.startsWith("[") && host.endsWith("]");
        if (!v6 && !IPV4.matcher(host).matches()) {
            return null;
        }
        int port = uri.portOrDefault();
        try {
            InetAddress a = InetAddress.getByName(UriHosts.unbracketed(host));
            return new Target(transport, new InetSocketAddress(a, port), null, null, null);
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
