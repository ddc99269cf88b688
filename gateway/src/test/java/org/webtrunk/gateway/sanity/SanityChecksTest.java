package org.webtrunk.gateway.sanity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.InetSocketAddress;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.webtrunk.gateway.sip.SipMessage;
import org.webtrunk.gateway.sip.TestMessages;
import org.webtrunk.gateway.sip.Via;
import org.webtrunk.gateway.transport.Flow;
import org.webtrunk.gateway.transport.Transport;

class SanityChecksTest {
    private final SanityChecks checks = new SanityChecks(EnumSet.allOf(SanityCheck.class), Set.of("outbound"));

    private static String req(String method, String ruri, String... extra) {
        return TestMessages.request(method, ruri, extra);
    }

    /** Replace one header line of a valid request. */
    private static String with(String header, String line) {
        return req("INVITE", "sip:bob@example.com").replaceFirst("(?m)^" + header + ":.*$", line);
    }

    static Stream<Arguments> failures() {
        return Stream.of(
                Arguments.of(req("INVITE", "mailto:bob@example.com"), 416, "Unsupported URI Scheme"),
                Arguments.of(req("INVITE", "sip:bob@exa mple.com;x").replace("exa mple", "exa%zzmple"), 400, "Bad Request-URI"),
                Arguments.of(req("INVITE", "sip:bob@example.com").replace(" SIP/2.0\n", " SIP/3.0\n"), 505, "Version Not Supported"),
                Arguments.of(with("Call-ID", "X-Gone: 1"), 400, "Missing Call-ID"),
                Arguments.of(with("Max-Forwards", "X-Gone: 1"), 400, "Missing Max-Forwards"),
                Arguments.of(with("Via", "Via: SIP/2.0/UDP host;;"), 400, "Bad Via"),
                Arguments.of(with("Via", "Via: SIP/2.0/UDP host"), 400, "Missing Via Branch"),
                Arguments.of(with("CSeq", "CSeq: 1 BYE"), 400, "CSeq Method Mismatch"),
                Arguments.of(with("CSeq", "CSeq: -1 INVITE"), 400, "Bad CSeq"),
                Arguments.of(with("Call-ID", "Call-ID: a b"), 400, "Bad Call-ID"),
                Arguments.of(with("From", "From: \"unterminated <sip:a@b>;tag=1"), 400, "Bad From Header"),
                Arguments.of(with("To", "To: <sip:bob@example.com>;tag=1;tag=2"), 400, "Duplicate To Tag"),
                Arguments.of(with("From", "From: <sip:a@example.com>;tag=1;tag=2"), 400, "Duplicate From Tag"),
                Arguments.of(with("Max-Forwards", "Max-Forwards: 300"), 400, "Bad Max-Forwards"),
                Arguments.of(with("Content-Length", "Content-Length: -1"), 400, "Bad Content-Length"),
                Arguments.of(req("REGISTER", "sip:example.com", "Expires: 4294967296"), 400, "Bad Expires"),
                Arguments.of(req("REGISTER", "sip:example.com", "Contact: <sip:a@b>;expires=99999999999"), 400, "Bad Expires"),
                Arguments.of(req("INVITE", "sip:bob@example.com", "Contact: *"), 400, "Bad Contact"),
                Arguments.of(req("INVITE", "sip:bob@example.com", "Contact: sip:a@b?x=y"), 400, "Bad Contact"),
                Arguments.of(req("INVITE", "sip:bob@example.com", "Proxy-Require: outbound, foo"), 420, "Bad Extension"),
                Arguments.of(with("Max-Forwards", "Max-Forwards: 0"), 483, "Too Many Hops"),
                Arguments.of(req("OPTIONS", "sip:bob@example.com").replace("Max-Forwards: 70", "Max-Forwards: 0"), 483, "Too Many Hops"));
    }

    @ParameterizedTest
    @MethodSource("failures")
    void eachCheckHasItsOwnAnswer(String text, int status, String reason) {
        SipMessage m = TestMessages.decode(text, TestMessages.detachedFlow(Transport.WSS));
        try {
            SanityFailure f = checks.check(m);
            assertEquals(status + " " + reason, f == null ? "passed" : f.status() + " " + f.reason(), text);
        } finally {
            m.release();
        }
    }

    @Test
    void unsupportedOptionsAreListed() {
        SipMessage m = TestMessages.decode(req("INVITE", "sip:bob@example.com", "Proxy-Require: outbound, foo, bar"),
                TestMessages.detachedFlow(Transport.WSS));
        try {
            assertEquals(List.of("Unsupported: foo, bar"), checks.check(m).headers());
        } finally {
            m.release();
        }
    }

    @Test
    void jsSipAndSippMessagesPass() {
        Flow wss = TestMessages.detachedFlow(Transport.WSS);
        for (String dir : List.of("jssip", "sipp")) {
            TestMessages.corpus(dir).forEach((name, bytes) -> {
                SipMessage m = TestMessages.decode(bytes, wss);
                try {
                    assertNull(checks.check(m), dir + "/" + name);
                } finally {
                    m.release();
                }
            });
        }
    }

    @Test
    void optionsToTheGatewayItselfIsAnsweredAtMaxForwardsZero() {
        SipMessage m = TestMessages.decode(req("OPTIONS", "sip:gateway.example.com").replace("Max-Forwards: 70", "Max-Forwards: 0"),
                TestMessages.detachedFlow(Transport.UDP));
        try {
            assertNull(checks.check(m), "RFC 3261 §11");
        } finally {
            m.release();
        }
    }

    @Test
    void contentLengthRulesDependOnTheTransport() {
        String shortBody = req("MESSAGE", "sip:bob@example.com").replace("Content-Length: 0\n\n", "Content-Length: 3\n\nhello");
        String longBody = req("MESSAGE", "sip:bob@example.com").replace("Content-Length: 0\n\n", "Content-Length: 9\n\nhello");
        assertEquals(null, failure(shortBody, Transport.UDP), "UDP: extra bytes are cut (RFC 3261 §18.3)");
        assertEquals("Content-Length Mismatch", failure(longBody, Transport.UDP));
        assertEquals("Content-Length Mismatch", failure(shortBody, Transport.WSS));
        assertEquals("Content-Length Mismatch", failure(longBody, Transport.TCP));
    }

    @Test
    void ourOwnViaComingBackIsALoop() {
        InetSocketAddress local = TestMessages.LOCAL;
        String ours = "Via: SIP/2.0/UDP " + local.getAddress().getHostAddress() + ":" + local.getPort()
                + ";branch=" + Via.GATEWAY_BRANCH_PREFIX + "abc";
        assertEquals("Loop Detected", failure(req("INVITE", "sip:bob@example.com", ours), Transport.UDP));
        String otherPort = ours.replace(":" + local.getPort(), ":5070");
        assertNull(failure(req("INVITE", "sip:bob@example.com", otherPort), Transport.UDP));
        String foreignBranch = ours.replace(Via.GATEWAY_BRANCH_PREFIX, "z9hG4bKzz");
        assertNull(failure(req("INVITE", "sip:bob@example.com", foreignBranch), Transport.UDP));
    }

    @Test
    void disabledChecksDoNotRun() {
        SanityChecks onlyVersion = new SanityChecks(EnumSet.of(SanityCheck.SIP_VERSION), Set.of());
        SipMessage m = TestMessages.decode(with("CSeq", "CSeq: 1 BYE"), TestMessages.detachedFlow(Transport.WSS));
        try {
            assertNull(onlyVersion.check(m));
        } finally {
            m.release();
        }
    }

    private String failure(String text, Transport transport) {
        SipMessage m = TestMessages.decode(text, TestMessages.detachedFlow(transport));
        try {
            SanityFailure f = checks.check(m);
            return f == null ? null : f.reason();
        } finally {
            m.release();
        }
    }
}
