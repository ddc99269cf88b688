package org.webtrunk.gateway.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class HeaderNameTest {

    private static HeaderName lookUp(String text) {
        ByteBuf buf = Unpooled.copiedBuffer("xx" + text + ":", StandardCharsets.US_ASCII);
        try {
            return HeaderName.of(new MessageBytes(buf), 2, 2 + text.length());
        } finally {
            buf.release();
        }
    }

    @Test
    void everyNameIsFoundInAnyCaseAndByItsCompactForm() {
        for (HeaderName h : HeaderName.values()) {
            assertEquals(h, lookUp(h.canonical()));
            assertEquals(h, lookUp(h.canonical().toUpperCase(Locale.ROOT)));
            assertEquals(h, lookUp(h.canonical().toLowerCase(Locale.ROOT)));
            assertEquals(h, HeaderName.of(h.canonical().toUpperCase(Locale.ROOT)));
            if (h.compact() != 0) {
                assertEquals(h, lookUp(String.valueOf(h.compact())));
                assertEquals(h, lookUp(String.valueOf(Character.toUpperCase(h.compact()))));
            }
        }
    }

    @Test
    void otherNamesAreUnknown() {
        for (String name : new String[] {"X-Via", "Vias", "Contacts", "Rout", "P-Asserted-Identity", "q", "1",
                "Call_ID", "Max-Forwards-And-Then-Some-More-Text", "@ia", "Ü"}) {
            assertNull(lookUp(name), name);
        }
    }
}
