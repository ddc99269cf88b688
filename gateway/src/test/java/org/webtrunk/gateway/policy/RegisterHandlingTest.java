package org.webtrunk.gateway.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class RegisterHandlingTest {

    @Test
    void theEchoedContactLosesItsExpiresParametersOnly() {
        String jssip = "<sip:u1@abc.invalid;transport=ws>;+sip.instance=\"<urn:uuid:f81d4fae>\";reg-id=1;expires=600";
        assertEquals("<sip:u1@abc.invalid;transport=ws>;+sip.instance=\"<urn:uuid:f81d4fae>\";reg-id=1",
                RegisterHandling.withoutExpires(jssip));
        assertEquals("<sip:a@b>;q=0.5", RegisterHandling.withoutExpires("<sip:a@b>; Expires = 3600 ;q=0.5"));
        assertEquals("<sip:a@b>;expiresx=1;x-expires=2", RegisterHandling.withoutExpires("<sip:a@b>;expiresx=1;x-expires=2"));
        assertEquals("<sip:a@b>;expires", RegisterHandling.withoutExpires("<sip:a@b>;expires"), "a flag has no value");
        assertEquals("<sip:a@b>", RegisterHandling.withoutExpires("<sip:a@b>;expires=1;EXPIRES=2"));
    }

    /** The same result as the regular expression it replaced, on seeded random Contact-like values. */
    @Test
    void matchesTheRegularExpressionItReplaced() {
        Pattern old = Pattern.compile(";\\s*expires\\s*=\\s*[^;,]*", Pattern.CASE_INSENSITIVE);
        String[] parts = {";", "expires", "EXPIRES", "=", " ", "\t", "600", ",", "<sip:a@b>", "x", "\"q;expires=1\"", "e"};
        Random random = new Random(20261124);
        for (int n = 0; n < 50_000; n++) {
            StringBuilder value = new StringBuilder();
            for (int k = random.nextInt(12); k >= 0; k--) {
                value.append(parts[random.nextInt(parts.length)]);
            }
            String v = value.toString();
            assertEquals(old.matcher(v).replaceAll(""), RegisterHandling.withoutExpires(v), v);
        }
    }
}
