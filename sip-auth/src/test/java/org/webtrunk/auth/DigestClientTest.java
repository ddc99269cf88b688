package org.webtrunk.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** A caller's answer from {@link DigestClient} is the one RFC 2617 gives for its example. */
class DigestClientTest {
    @Test
    void theRfc2617ExampleAnswer() {
        assertEquals("6629fae49393a05397450978507c4ef1", DigestClient.responseHex(DigestAlgorithm.MD5,
                "Mufasa", "testrealm@host.com", "Circle Of Life", "GET", "/dir/index.html",
                "dcd98b7102dd2f0e8b11d0f600bfb0c093", "00000001", "0a4f113b", "auth"));
    }
}
