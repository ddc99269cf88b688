package org.webtrunk.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

/** Published vectors: RFC 2617 §3.5 and RFC 7616 §3.9.1 (note "Circle of Life", lower-case "of", per erratum 4495). */
class DigestResponseTest {
    private static final String RFC7616_NONCE = "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v";
    private static final String RFC7616_CNONCE = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ";

    @Test
    void rfc2617Section35Example() {
        assertEquals("6629fae49393a05397450978507c4ef1", DigestResponse.responseHex(DigestAlgorithm.MD5,
                "Mufasa", "testrealm@host.com", "Circle Of Life", "GET", "/dir/index.html",
                "dcd98b7102dd2f0e8b11d0f600bfb0c093", "00000001", "0a4f113b", "auth"));
    }

    @Test
    void rfc7616Section391Md5Example() {
        assertEquals("8ca523f5e9506fed4657c9700eebdbec", DigestResponse.responseHex(DigestAlgorithm.MD5,
                "Mufasa", "http-auth@example.org", "Circle of Life", "GET", "/dir/index.html",
                RFC7616_NONCE, "00000001", RFC7616_CNONCE, "auth"));
    }

    @Test
    void rfc7616Section391Sha256Example() {
        assertEquals("753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1",
                DigestResponse.responseHex(DigestAlgorithm.SHA_256, "Mufasa", "http-auth@example.org",
                        "Circle of Life", "GET", "/dir/index.html", RFC7616_NONCE, "00000001", RFC7616_CNONCE, "auth"));
    }

    @Test
    void rfc2069FormLeavesOutNcCnonceAndQop() {
        String withoutQop = DigestResponse.responseHex(DigestAlgorithm.MD5, "Mufasa", "testrealm@host.com",
                "Circle Of Life", "GET", "/dir/index.html", "dcd98b7102dd2f0e8b11d0f600bfb0c093", null, null, null);
        // H(H(A1):nonce:H(A2)) computed from its parts
        String ha1 = md5("Mufasa:testrealm@host.com:Circle Of Life");
        String ha2 = md5("GET:/dir/index.html");
        assertEquals(md5(ha1 + ":dcd98b7102dd2f0e8b11d0f600bfb0c093:" + ha2), withoutQop);
        assertNotEquals("6629fae49393a05397450978507c4ef1", withoutQop);
    }

    @Test
    void unhexReadsBothCasesAndRefusesOddOrNonHex() {
        assertEquals(2, DigestResponse.unhex("aBcD").length);
        assertEquals(null, DigestResponse.unhex("abc"));
        assertEquals(null, DigestResponse.unhex("zz"));
    }

    static String md5(String s) {
        try {
            byte[] d = java.security.MessageDigest.getInstance("MD5").digest(s.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return new String(DigestResponse.hex(d), java.nio.charset.StandardCharsets.US_ASCII);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
