package org.webtrunk.gateway.sanity;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.webtrunk.gateway.sip.CSeq;
import org.webtrunk.gateway.sip.HeaderName;
import org.webtrunk.gateway.sip.NameAddr;
import org.webtrunk.gateway.sip.SipMessage;
import org.webtrunk.gateway.sip.SipUri;
import org.webtrunk.gateway.sip.Via;
import org.webtrunk.gateway.transport.Transport;

/**
 * Runs the enabled {@link SanityCheck}s on a decoded message and returns the first failure. Pure: no
 * metrics, no replies (detection apart from action). Thread-safe and immutable.
 */
public final class SanityChecks {
    private static final long MAX_DELTA_SECONDS = 0xFFFFFFFFL;
    private static final HeaderName[] REQUIRED = {HeaderName.TO, HeaderName.FROM, HeaderName.CALL_ID,
        HeaderName.CSEQ, HeaderName.VIA};

    private final Set<SanityCheck> enabled;
    private final Set<String> proxyExtensions;

    /**
     * @param enabled         checks to run
     * @param proxyExtensions option tags accepted in Proxy-Require, any case
     */
    public SanityChecks(Set<SanityCheck> enabled, Set<String> proxyExtensions) {
        this.enabled = enabled.isEmpty() ? EnumSet.noneOf(SanityCheck.class) : EnumSet.copyOf(enabled);
        this.proxyExtensions = proxyExtensions.stream().map(s -> s.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    }

    /** The first failed check in declaration order, or null if the message passes. */
    public SanityFailure check(SipMessage m) {
        for (SanityCheck c : enabled) {
            if (!m.isRequest() && !appliesToResponses(c)) {
                continue;
            }
            SanityFailure f = run(c, m);
            if (f != null) {
                return f;
            }
        }
        return null;
    }

    private static boolean appliesToResponses(SanityCheck c) {
        return switch (c) {
            case SIP_VERSION, REQUIRED_HEADERS, VIA, VIA_BRANCH, CALL_ID, CSEQ, FROM, TO, DUPLICATE_TAG, CONTENT_LENGTH, CONTACT -> true;
            default -> false;
        };
    }

    private SanityFailure run(SanityCheck c, SipMessage m) {
        return switch (c) {
            case SIP_VERSION -> m.versionIs20() ? null : SanityFailure.of(c);
            case REQUIRED_HEADERS -> requiredHeaders(m);
            case REQUEST_URI -> SipUri.schemeOf(m.requestUri()) == null || !uriOk(m.requestSipUri()) ? SanityFailure.of(c) : null;
            case REQUEST_URI_SCHEME -> schemeSupported(SipUri.schemeOf(m.requestUri())) ? null : SanityFailure.of(c);
            case VIA -> viasOk(m) ? null : SanityFailure.of(c);
            case VIA_BRANCH -> hasBranch(m.topVia()) ? null : SanityFailure.of(c);
            case CALL_ID -> callIdOk(m.callId()) ? null : SanityFailure.of(c);
            case CSEQ -> m.cseq() != null ? null : SanityFailure.of(c);
            case CSEQ_METHOD -> m.cseq() == null || m.isMethod(m.cseq().method()) ? null : SanityFailure.of(c);
            case FROM -> m.from() != null ? null : SanityFailure.of(c);
            case TO -> m.to() != null ? null : SanityFailure.of(c);
            case DUPLICATE_TAG -> duplicateTag(m);
            case MAX_FORWARDS -> m.maxForwards() == SipMessage.INVALID ? SanityFailure.of(c) : null;
            case CONTENT_LENGTH -> contentLength(m);
            case EXPIRES -> expiresOk(m) ? null : SanityFailure.of(c);
            case CONTACT -> contactOk(m) ? null : SanityFailure.of(c);
            case PROXY_REQUIRE -> proxyRequire(m);
            case MAX_FORWARDS_EXHAUSTED -> m.maxForwards() == 0 && !optionsToUs(m) ? SanityFailure.of(c) : null;
            case LOOP -> loop(m) ? SanityFailure.of(c) : null;
        };
    }

    /** RFC 3261 §8.1.1: To, From, CSeq, Call-ID, Max-Forwards and Via are mandatory in all requests. */
    private static SanityFailure requiredHeaders(SipMessage m) {
        for (HeaderName h : REQUIRED) {
            if (!m.has(h)) {
                return SanityFailure.of(SanityCheck.REQUIRED_HEADERS, "Missing " + h.canonical());
            }
        }
        if (m.isRequest() && !m.has(HeaderName.MAX_FORWARDS)) {
            return SanityFailure.of(SanityCheck.REQUIRED_HEADERS, "Missing Max-Forwards");
        }
        return null;
    }

    private static boolean schemeSupported(String scheme) {
        return scheme == null || scheme.equals("sip") || scheme.equals("sips") || scheme.equals("tel");
    }

    /** SIP URIs get the full grammar and no headers (RFC 3261 §19.1.1 table); others only a light check. */
    private static boolean uriOk(SipUri uri) {
        return uri != null && (!uri.isSip() || uri.headers() == null);
    }

    /** The top Via is parsed on the fast path; the others only here, since a reply copies them all. */
    private static boolean viasOk(SipMessage m) {
        if (m.topVia() == null) {
            return false;
        }
        List<String> all = m.viaValues();
        for (int i = 1; i < all.size(); i++) {
            if (Via.parse(all.get(i)) == null) {
                return false;
            }
        }
        return true;
    }

    private static boolean hasBranch(Via via) {
        return via != null && via.branch() != null && !via.branch().isEmpty();
    }

    private static boolean callIdOk(String callId) {
        if (callId == null || callId.isEmpty()) {
            return false;
        }
        for (int i = 0; i < callId.length(); i++) {
            char c = callId.charAt(i);
            if (c <= ' ' || c == 0x7f) {
                return false;
            }
        }
        return true;
    }

    private static SanityFailure duplicateTag(SipMessage m) {
        if (m.from() != null && m.from().params().duplicateTag()) {
            return SanityFailure.of(SanityCheck.DUPLICATE_TAG, "Duplicate From Tag");
        }
        if (m.to() != null && m.to().params().duplicateTag()) {
            return SanityFailure.of(SanityCheck.DUPLICATE_TAG, "Duplicate To Tag");
        }
        return null;
    }

    private static SanityFailure contentLength(SipMessage m) {
        int cl = m.contentLength();
        if (cl == SipMessage.INVALID) {
            return SanityFailure.of(SanityCheck.CONTENT_LENGTH);
        }
        if (cl == SipMessage.ABSENT) {
            return null;
        }
        int received = m.receivedBodyLength();
        boolean datagram = m.flow() != null && m.flow().transport() == Transport.UDP;
        boolean bad = datagram ? cl > received : cl != received;
        return bad ? SanityFailure.of(SanityCheck.CONTENT_LENGTH, "Content-Length Mismatch") : null;
    }

    private static boolean expiresOk(SipMessage m) {
        String expires = m.header(HeaderName.EXPIRES);
        if (expires != null && parseDelta(expires) < 0) {
            return false;
        }
        if (m.isMethod("REGISTER")) {
            for (NameAddr na : m.contacts()) {
                String e = na == null ? null : na.params().get("expires");
                if (e != null && parseDelta(e) < 0) {
                    return false;
                }
            }
        }
        return true;
    }

    private static long parseDelta(String s) {
        if (s.isEmpty() || s.length() > 10) {
            return -1;
        }
        long v = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v <= MAX_DELTA_SECONDS ? v : -1;
    }

    private static boolean contactOk(SipMessage m) {
        if (!m.has(HeaderName.CONTACT)) {
            return true;
        }
        List<String> values = m.contactValues();
        if (values.size() == 1 && values.get(0).equals("*")) {
            return m.isMethod("REGISTER");
        }
        return !m.contacts().contains(null);
    }

    private SanityFailure proxyRequire(SipMessage m) {
        if (!m.has(HeaderName.PROXY_REQUIRE) || m.isMethod("ACK") || m.isMethod("CANCEL")) {
            return null;
        }
        List<String> unknown = new ArrayList<>();
        for (String option : m.headerValues(HeaderName.PROXY_REQUIRE)) {
            if (!option.isEmpty() && !proxyExtensions.contains(option.toLowerCase(Locale.ROOT))) {
                unknown.add(option);
            }
        }
        if (unknown.isEmpty()) {
            return null;
        }
        return new SanityFailure(SanityCheck.PROXY_REQUIRE, 420, SanityCheck.PROXY_REQUIRE.reason(),
                List.of("Unsupported: " + String.join(", ", unknown)));
    }

    /** RFC 3261 §11: OPTIONS for the gateway itself (no user part) is answered even at Max-Forwards 0. */
    private static boolean optionsToUs(SipMessage m) {
        if (!m.isMethod("OPTIONS")) {
            return false;
        }
        SipUri uri = m.requestSipUri();
        return uri != null && uri.isSip() && uri.user() == null;
    }

    /**
     * A Via with our branch prefix whose sent-by is the local address of the flow the request came in
     * on: the request went out through this gateway and came back. Spirals through another local
     * address are not caught (a simplification of RFC 3261 §16.3 step 4, which hashes the request).
     */
    private static boolean loop(SipMessage m) {
        if (m.flow() == null) {
            return false;
        }
        InetSocketAddress local = m.flow().local();
        String localHost = null; // formatted only when a Via carries our branch prefix (rare: not per message)
        for (String text : m.viaValues()) {
            if (!text.contains(Via.GATEWAY_BRANCH_PREFIX)) {
                continue;
            }
            Via via = Via.parse(text);
            if (via == null || via.branch() == null || !via.branch().startsWith(Via.GATEWAY_BRANCH_PREFIX)) {
                continue;
            }
            String host = via.host().startsWith("[") ? via.host().substring(1, via.host().length() - 1) : via.host();
            int port = via.port() < 0 ? defaultPort(via.transport()) : via.port();
            if (localHost == null) {
                localHost = local.getAddress().getHostAddress().toLowerCase(Locale.ROOT);
            }
            if (host.equals(localHost) && port == local.getPort()) {
                return true;
            }
        }
        return false;
    }

    private static int defaultPort(String viaTransport) {
        Transport t = Transport.parse(viaTransport);
        return (t == null ? Transport.UDP : t).defaultPort();
    }
}
