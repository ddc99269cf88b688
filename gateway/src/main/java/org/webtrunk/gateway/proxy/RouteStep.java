package org.webtrunk.gateway.proxy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Locale;
import org.webtrunk.gateway.sip.HeaderName;
import org.webtrunk.gateway.sip.NameAddr;
import org.webtrunk.gateway.sip.SipUri;
import org.webtrunk.gateway.transport.Flow;
import org.webtrunk.gateway.transport.Transport;
import org.webtrunk.gateway.transport.UriHosts;

/**
 * Decides where a request goes (RFC 3261 §16.4, §16.5, §16.12).
 *
 * <p>Loose routing: Route entries naming us are popped, both of a double Record-Route. A request from a
 * trunk whose popped entry carries a flow token goes over that browser's WebSocket (its Request-URI host
 * is {@code .invalid}, RFC 7118 §5, and is never resolved); the token's flow being gone answers
 * 430 Flow Failed (RFC 5626 §5.3). Otherwise the next hop is the next Route or the Request-URI, and a
 * request from a browser never goes to another WebSocket. A request with no Route naming us is routed by
 * the {@link TargetPlanner}.
 */
final class RouteStep implements ProxyStep {
    private final ProxyServices s;

    RouteStep(ProxyServices services) {
        this.s = services;
    }

    @Override
    public Outcome process(ProxyRequest r) {
        if (r.targets != null) {
            return Outcome.CONTINUE; // the policy routed it
        }
        List<String> routes = r.message.headerValues(HeaderName.ROUTE);
        int popped = 0;
        String flowToken = null;
        while (popped < routes.size() && popped < 2) {
            NameAddr na = NameAddr.parse(routes.get(popped));
            if (na == null || !isUs(na.uri())) {
                break;
            }
            String ft = na.uri().param("ft");
            if (ft != null && !ft.isEmpty()) {
                flowToken = ft;
            }
            popped++;
        }
        if (popped == 0) {
            r.targets = r.planner.plan(r.message);
            r.retarget = true;
            return r.targets == null || r.targets.isEmpty() ? r.reject(404, "Not Found") : Outcome.CONTINUE;
        }
        List<String> remaining = List.copyOf(routes.subList(popped, routes.size()));
        r.remainingRoutes = remaining;
        boolean fromBrowser = r.flow.transport().webSocket();
        if (!fromBrowser && flowToken != null) {
            Flow flow = s.tokens().byToken(flowToken).orElse(null);
            if (flow == null || !flow.isOpen()) {
                return r.reject(430, "Flow Failed");
            }
            r.targets = List.of(Target.of(flow));
            return Outcome.CONTINUE;
        }
        String next = remaining.isEmpty() ? r.message.requestUri() : uriText(remaining.get(0));
        SipUri uri = next == null ? null : SipUri.parse(next);
        if (uri == null || !uri.isSip()) {
            return r.reject(416, "Unsupported URI Scheme");
        }
        if (uri.host().endsWith(".invalid")) {
            return r.reject(404, "Not Found"); // a browser's made-up host, and no flow token to reach it
        }
        Transport transport = uri.transport();
        if (transport == null || (fromBrowser && transport.webSocket())) {
            return r.reject(403, "Forbidden");
        }
        InetSocketAddress address = resolve(uri);
        if (address == null) {
            return r.reject(404, "Not Found");
        }
        r.targets = List.of(Target.nextHop(transport, address));
        return Outcome.CONTINUE;
    }

    /** A Route URI is ours when its host and port are one of our listening addresses. */
    boolean isUs(SipUri uri) {
        if (uri == null || !uri.isSip()) {
            return false;
        }
        int port = uri.portOrDefault();
        String host = uri.host().toLowerCase(Locale.ROOT);
        for (ListenAddress a : s.config().listenAddresses()) {
            if (a.port() == port && (a.host().equals(host) || UriHosts.bracketed(a.host()).equals(host))) {
                return true;
            }
        }
        return false;
    }

    private static String uriText(String routeValue) {
        NameAddr na = NameAddr.parse(routeValue);
        return na == null ? null : na.uri().raw();
    }

    /**
     * The next hop's address: IP literals directly. Names are resolved with the system resolver (A/AAAA
     * only, no NAPTR/SRV of RFC 3263), which blocks; trunks are configured by address in practice.
     */
    private static InetSocketAddress resolve(SipUri uri) {
        int port = uri.portOrDefault();
        String host = uri.host();
        if (host.startsWith("[")) {
            host = host.substring(1, host.length() - 1);
        }
        try {
            return new InetSocketAddress(InetAddress.getByName(host), port);
        } catch (java.net.UnknownHostException e) {
            return null;
        }
    }
}
