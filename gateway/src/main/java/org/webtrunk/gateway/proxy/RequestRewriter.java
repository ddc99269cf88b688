package org.webtrunk.gateway.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.webtrunk.gateway.sip.HeaderName;
import org.webtrunk.gateway.sip.MessageEditor;
import org.webtrunk.gateway.sip.SipMessage;
import org.webtrunk.gateway.sip.SipUri;
import org.webtrunk.gateway.sip.Via;
import org.webtrunk.gateway.transport.Flow;
import org.webtrunk.gateway.transport.Transport;

/**
 * Builds the bytes the proxy sends: a forwarded request (RFC 3261 §16.6), a response with our Via
 * taken off (§16.7 step 3), and the ACK (§17.1.1.3) and CANCEL (§9.1) of a forwarded INVITE.
 */
final class RequestRewriter {
    /** What a forwarded request looked like, for its ACK and CANCEL. */
    record Forwarded(ByteBuf bytes, String requestUri, String via, List<String> routes) {
    }

    private final ProxyConfig config;
    private final FlowTokens tokens;
    private final ByteBufAllocator alloc;

    RequestRewriter(ProxyConfig config, FlowTokens tokens, ByteBufAllocator alloc) {
        this.config = config;
        this.tokens = tokens;
        this.alloc = alloc;
    }

    /**
     * Copies {@code request} for {@code target} over {@code out}: Request-URI (if {@code retarget}),
     * Max-Forwards minus one, received/rport on the sender's Via (§18.2.1, RFC 3581), our Via with
     * {@code branch} on top, Record-Route (if {@code recordRoute}) and the Route set left after popping ours;
     * the request's header changes (the policy's) and the target's own ({@link TargetHeaders}, a trunk's).
     */
    Forwarded forward(ProxyRequest request, Target target, Transport out, Flow outFlow, String branch,
                      boolean recordRoute) {
        SipMessage msg = request.message;
        MessageEditor e = new MessageEditor(msg);
        String uri = request.retarget ? retarget(msg.requestUri(), target) : msg.requestUri();
        e.requestUri(uri);
        e.decrementMaxForwards(config.maxForwards());
        TargetHeaders own = target.origin() instanceof TargetHeaders th ? th : null;
        java.util.Set<String> targetStrip = own == null ? java.util.Set.of() : own.stripHeaders();
        if (!request.stripHeaders.isEmpty() || !targetStrip.isEmpty()) {
            for (int i = msg.headerCount() - 1; i >= 0; i--) {
                String name = msg.headerNameText(i).toLowerCase(java.util.Locale.ROOT);
                if (request.stripHeaders.contains(name) || targetStrip.contains(name)) {
                    e.removeHeader(i);
                }
            }
        }
        Via top = msg.topVia();
        if (top != null && msg.flow() != null) {
            String ip = msg.flow().remoteHost();
            boolean addReceived = !ip.equalsIgnoreCase(top.host()) || top.hasRport();
            if (addReceived || top.hasRport()) {
                e.topViaParams(addReceived ? ip : null, top.hasRport() ? msg.flow().remote().getPort() : -1);
            }
        }
        String via = "SIP/2.0/" + out.viaToken() + " " + config.addressFor(out).hostPort() + ";branch=" + branch;
        e.prependHeader("Via: " + via);
        if (recordRoute) {
            e.prependHeader("Record-Route: " + String.join(", ", recordRoute(request.flow, out, outFlow)));
        }
        List<String> routes = request.remainingRoutes;
        if (routes != null) {
            e.removeHeaders(HeaderName.ROUTE);
            if (!routes.isEmpty()) {
                e.prependHeader("Route: " + String.join(", ", routes));
            }
        } else {
            routes = msg.headerValues(HeaderName.ROUTE);
        }
        for (String line : request.addHeaders) {
            e.prependHeader(line);
        }
        if (own != null) {
            for (String line : own.addHeaderLines()) {
                e.prependHeader(line);
            }
        }
        return new Forwarded(e.build(alloc), uri, via, routes);
    }

    /**
     * Our Record-Route entries (§16.6 step 4). One when the request leaves on the listener it came in on;
     * two when it changes listener (WS to UDP, say), as Kamailio's {@code r2} does, the first facing the
     * next hop and the second facing the sender, so each side's route set starts at the address it can reach.
     * The entry facing a WebSocket carries the flow token, so a request from the trunk finds the browser.
     */
    List<String> recordRoute(Flow in, Transport out, Flow outFlow) {
        ListenAddress inAddr = config.addressFor(in.transport());
        ListenAddress outAddr = config.addressFor(out);
        if (inAddr.equals(outAddr)) {
            return List.of(entry(outAddr, token(in) != null ? token(in) : token(outFlow), false));
        }
        return List.of(entry(outAddr, token(outFlow), true), entry(inAddr, token(in), true));
    }

    private String token(Flow flow) {
        if (flow == null || !flow.transport().webSocket()) {
            return null;
        }
        return tokens.tokenOf(flow).orElse(null);
    }

    private static String entry(ListenAddress a, String token, boolean r2) {
        String transport = a.transport().webSocket() ? "ws" : a.transport().uriParam();
        return "<sip:" + a.hostPort() + ";transport=" + transport + ";lr" + (r2 ? ";r2=on" : "")
                + (token != null ? ";ft=" + token : "") + ">";
    }

    /** The target's URI: user part kept, host:port and transport from the target. */
    static String retarget(String requestUri, Target target) {
        if (target.uriHost() == null) {
            return requestUri;
        }
        SipUri u = SipUri.parse(requestUri);
        String user = u != null && u.user() != null ? u.user() + "@" : "";
        String transport = target.transport() == Transport.UDP ? "" : ";transport=" + target.transport().uriParam();
        return "sip:" + user + target.uriHost() + transport;
    }

    /** The response without its top Via, which is ours (§16.7 step 3); null if no Via is left. */
    ByteBuf stripTopVia(SipMessage response) {
        List<String> vias = response.viaValues();
        if (vias.size() < 2) {
            return null;
        }
        MessageEditor e = new MessageEditor(response);
        if (response.lineCount(HeaderName.VIA) == vias.size()) {
            e.removeHeader(response.indexOf(HeaderName.VIA));
        } else {
            e.removeHeaders(HeaderName.VIA);
            e.prependHeader("Via: " + String.join(", ", vias.subList(1, vias.size())));
        }
        return e.build(alloc);
    }

    /**
     * What the ACK and CANCEL of a forwarded INVITE copy from it, captured as strings so they can be built
     * after the INVITE's buffer is released (a late answer on a branch given up for silence).
     */
    record InviteIds(String from, String to, String callId, long cseq) {
        static InviteIds of(SipMessage invite) {
            return new InviteIds(invite.header(HeaderName.FROM), invite.header(HeaderName.TO), invite.callId(),
                    invite.cseq().number());
        }
    }

    /** ACK for a non-2xx final response to a forwarded INVITE (§17.1.1.3): To from the response. */
    ByteBuf ack(InviteIds invite, Forwarded fwd, SipMessage response) {
        return Unpooled.wrappedBuffer(hopRequest("ACK", invite, fwd, response.header(HeaderName.TO)));
    }

    /** CANCEL of a forwarded INVITE (§9.1): same Request-URI, Via branch, Route set and headers as it. */
    byte[] cancel(InviteIds invite, Forwarded fwd) {
        return hopRequest("CANCEL", invite, fwd, invite.to());
    }

    private byte[] hopRequest(String method, InviteIds invite, Forwarded fwd, String to) {
        StringBuilder sb = new StringBuilder(400);
        sb.append(method).append(' ').append(fwd.requestUri()).append(" SIP/2.0\r\n");
        sb.append("Via: ").append(fwd.via()).append("\r\n");
        if (!fwd.routes().isEmpty()) {
            sb.append("Route: ").append(String.join(", ", fwd.routes())).append("\r\n");
        }
        sb.append("Max-Forwards: ").append(config.maxForwards()).append("\r\n");
        sb.append("From: ").append(invite.from()).append("\r\n");
        sb.append("To: ").append(to).append("\r\n");
        sb.append("Call-ID: ").append(invite.callId()).append("\r\n");
        sb.append("CSeq: ").append(invite.cseq()).append(' ').append(method).append("\r\n");
        sb.append("Content-Length: 0\r\n\r\n");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }
}
