package org.webtrunk.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DigestCredentialsTest {
    static final String RFC2617 = "Digest username=\"Mufasa\", realm=\"testrealm@host.com\", "
            + "nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", uri=\"/dir/index.html\", qop=auth, nc=00000001, "
            + "cnonce=\"0a4f113b\", response=\"6629fae49393a05397450978507c4ef1\", opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"";

    /** As JsSIP 3.13 sends it to a REGISTER challenge. */
    static final String JSSIP = "Digest algorithm=MD5, username=\"1700000000:acme.k3J9xQ\", realm=\"webtrunk\", "
            + "nonce=\"abc\", uri=\"sip:webtrunk.example\", response=\"0123456789abcdef0123456789abcdef\", "
            + "opaque=\"xyz\", qop=auth, cnonce=\"p4ac9vq0l1rg\", nc=00000001";

    @Test
    void parsesRfc2617Example() {
        DigestParseResult r = DigestCredentials.parse(RFC2617);
        assertFalse(r.isMalformed(), r::toString);
        DigestCredentials c = r.credentials();
        assertEquals("Mufasa", c.username());
        assertEquals("testrealm@host.com", c.realm());
        assertEquals("dcd98b7102dd2f0e8b11d0f600bfb0c093", c.nonce());
        assertEquals("/dir/index.html", c.uri());
        assertEquals("auth", c.qop());
        assertEquals("00000001", c.nc());
        assertEquals(1, c.nonceCount());
        assertEquals("0a4f113b", c.cnonce());
        assertEquals("6629fae49393a05397450978507c4ef1", c.response());
        assertEquals("5ccc069c403ebaf9f0171e9517f40e41", c.opaque());
        assertNull(c.algorithm());
    }

    @Test
    void parsesJsSipStyleWithAlgorithmFirst() {
        DigestCredentials c = DigestCredentials.parse(JSSIP).credentials();
        assertNotNull(c);
        assertEquals(DigestAlgorithm.MD5, c.algorithm());
        assertEquals("1700000000:acme.k3J9xQ", c.username());
    }

    @Test
    void schemeAndNamesAreCaseInsensitiveAndSpacingIsTolerated() {
        String v = "dIgEsT\tUSERNAME = \"u\" ,, Realm=\"r\",\r\n NONCE=\"n\" , Uri=\"sip:x\",RESPONSE=\"00ff\" ,";
        DigestCredentials c = DigestCredentials.parse(v).credentials();
        assertNotNull(c, () -> DigestCredentials.parse(v).error());
        assertEquals("u", c.username());
        assertEquals("sip:x", c.uri());
        assertNull(c.qop());
        assertEquals(0, c.nonceCount());
    }

    @Test
    void quotedStringsUnescape() {
        String v = "Digest username=\"a\\\"b\\\\c, d\", realm=\"r\", nonce=\"n\", uri=\"sip:x\", response=\"00\"";
        assertEquals("a\"b\\c, d", DigestCredentials.parse(v).credentials().username());
    }

    @Test
    void unknownParametersAreKept() {
        String v = RFC2617 + ", x-custom=\"hello\", userhash=false";
        DigestCredentials c = DigestCredentials.parse(v).credentials();
        assertEquals("hello", c.params().get("x-custom"));
        assertEquals("false", c.params().get("userhash"));
    }

    @Test
    void quotedQopIsAccepted() {
        assertFalse(DigestCredentials.parse(RFC2617.replace("qop=auth", "qop=\"auth\"")).isMalformed());
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {
        "",
        "   ",
        "Digest",
        "Digest ",
        "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==",
        "Digestusername=\"u\", realm=\"r\", nonce=\"n\", uri=\"u\", response=\"00\"",
        "Digest username=\"u\", realm=\"r\", nonce=\"n\", uri=\"u\", response=\"00",
        "Digest username=\"u, realm=\"r\", nonce=\"n\", uri=\"u\", response=\"00\"",
        "Digest username=\"u\", realm=\"r\", nonce=\"n\", uri=\"u\", response=\"00\\",
        "Digest username=\"u\", realm=\"r\", nonce=\"n\", uri=\"u\", response=",
        "Digest username=\"u\", realm=\"r\", nonce=\"n\", uri=\"u\", response",
        "Digest username=\"u\", realm=\"r\", nonce=\"n\", uri=\"u\" response=\"00\"",
        "Digest username=\"u\", realm=\"r\", nonce=\"n\", response=\"00\"",
        "Digest realm=\"r\", nonce=\"n\", uri=\"u\", response=\"00\"",
        "Digest username=\"u\", realm=\"r\", uri=\"u\", response=\"00\"",
        "Digest username=\"u\", realm=\"r\", nonce=\"n\", uri=\"u\"",
        "Digest username=\"u\", realm=\"r\", nonce=\"n\", uri=\"u\", response=\"xyz\"",
        "Digest username=\"\", realm=\"r\", nonce=\"n\", uri=\"u\", response=\"00\"",
        "Digest username=\"u\", USERNAME=\"v\", realm=\"r\", nonce=\"n\", uri=\"u\", response=\"00\"",
        "Digest username=\"u\", realm=\"r\", nonce=\"n\", uri=\"u\", response=\"00\", algorithm=MD5-sess",
        "Digest username=\"u\", realm=\"r\", nonce=\"n\", uri=\"u\", response=\"00\", algorithm=SHA-512-256",
        "Digest username=\"u\", realm=\"r\", nonce=\"n\", uri=\"u\", response=\"00\", qop=auth-int, nc=00000001, cnonce=\"c\"",
        "Digest username=\"u\", realm=\"r\", nonce=\"n\", uri=\"u\", response=\"00\", qop=auth, cnonce=\"c\"",
        "Digest username=\"u\", realm=\"r\", nonce=\"n\", uri=\"u\", response=\"00\", qop=auth, nc=1, cnonce=\"c\"",
        "Digest username=\"u\", realm=\"r\", nonce=\"n\", uri=\"u\", response=\"00\", qop=auth, nc=0000000g, cnonce=\"c\"",
        "Digest username=\"u\", realm=\"r\", nonce=\"n\", uri=\"u\", response=\"00\", qop=auth, nc=00000000, cnonce=\"c\"",
        "Digest username=\"u\", realm=\"r\", nonce=\"n\", uri=\"u\", response=\"00\", qop=auth, nc=00000001",
        "Digest username=\"u\", realm=\"r\", nonce=\"n\", uri=\"u\", response=\"00\", =\"x\"",
        "Digest username=\"u\", realm=\"r\", nonce=\"n\", uri=\"u\", response=\"00\", a b=\"x\"",
        "Digest username=\"\u00fc\", realm=\"r\", nonce=\"n\", uri=\"u\", response=\"00\"",
        "Digest username=\"u\u0000\", realm=\"r\", nonce=\"n\", uri=\"u\", response=\"00\"",
        "Digest username=\"\u2603\", realm=\"r\", nonce=\"n\", uri=\"u\", response=\"00\"",
    })
    void malformedValuesGiveMalformed(String v) {
        DigestParseResult r = DigestCredentials.parse(v);
        assertTrue(r.isMalformed(), () -> "parsed: " + v);
        assertNotNull(r.error());
        assertNull(r.credentials());
    }

    @Test
    void nullIsMalformed() {
        assertTrue(DigestCredentials.parse(null).isMalformed());
    }

    @Test
    void tenKilobyteValueIsMalformed() {
        String v = RFC2617 + ", x=\"" + "a".repeat(10 * 1024) + "\"";
        DigestParseResult r = DigestCredentials.parse(v);
        assertTrue(r.isMalformed());
        assertTrue(r.error().contains("longer"));
    }

    @Test
    void everyTruncationOfAValidValueIsMalformed() {
        int accepted = 0;
        for (int n = 0; n < RFC2617.length() - 1; n++) {
            String v = RFC2617.substring(0, n);
            DigestParseResult r = DigestCredentials.parse(v);
            if (!r.isMalformed()) {
                // only a cut at a parameter boundary after every required one leaves a valid value
                accepted++;
                assertTrue(v.endsWith("\"") || v.endsWith(",") || v.endsWith(", "), v);
                assertEquals("6629fae49393a05397450978507c4ef1", r.credentials().response());
            }
        }
        assertTrue(accepted <= 3, "accepted " + accepted);
    }

    @Test
    void tooManyParametersAreMalformed() {
        StringBuilder sb = new StringBuilder(RFC2617);
        for (int i = 0; i < 40; i++) {
            sb.append(", p").append(i).append("=x");
        }
        assertTrue(DigestCredentials.parse(sb.toString()).isMalformed());
    }

    /** Seeded, bounded mutation fuzzing: every outcome is a clean result, never an exception. */
    @Test
    void randomMutationsNeverThrow() {
        Random random = new Random(20261124L);
        String alphabet = "\"\\,= \t\r\nDdigestaz09:@/=\u00e9\u0000\u007f";
        int parsed = 0;
        for (int iteration = 0; iteration < 20_000; iteration++) {
            StringBuilder sb = new StringBuilder(random.nextBoolean() ? RFC2617 : JSSIP);
            int edits = 1 + random.nextInt(6);
            for (int e = 0; e < edits && sb.length() > 0; e++) {
                int at = random.nextInt(sb.length());
                switch (random.nextInt(4)) {
                    case 0: sb.deleteCharAt(at); break;
                    case 1: sb.insert(at, alphabet.charAt(random.nextInt(alphabet.length()))); break;
                    case 2: sb.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length()))); break;
                    default: sb.setLength(at); break;
                }
            }
            DigestParseResult r = DigestCredentials.parse(sb.toString());
            assertNotNull(r);
            assertTrue(r.isMalformed() != (r.credentials() != null));
            if (!r.isMalformed()) {
                parsed++;
                assertNotNull(r.credentials().username());
                assertNotNull(r.credentials().response());
            }
        }
        assertTrue(parsed > 0, "the mutations should leave some values valid");
    }
}
