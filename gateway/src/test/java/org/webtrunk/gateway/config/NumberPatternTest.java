package org.webtrunk.gateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class NumberPatternTest {

    @Test
    void plusAndVisualSeparatorsAreIgnored() {
        assertEquals(new NumberPattern("15551234567", false, false), NumberPattern.parse("+1 (555) 123-45.67"));
        assertEquals(new NumberPattern("15551234567", false, false), NumberPattern.parse("15551234567"));
    }

    @Test
    void trailingStarMakesAPrefixAndBangDenies() {
        assertEquals(new NumberPattern("1555", true, false), NumberPattern.parse("+1555*"));
        assertEquals(new NumberPattern("1900", true, true), NumberPattern.parse("!+1900*"));
        assertEquals(new NumberPattern("", true, false), NumberPattern.parse("*"));
    }

    @Test
    void garbageIsRefusedWithTheReason() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> NumberPattern.parse("alice"))
                .getMessage().contains("not a number"));
        assertThrows(IllegalArgumentException.class, () -> NumberPattern.parse("1*5"));
        assertThrows(IllegalArgumentException.class, () -> NumberPattern.parse("1+5"));
        assertThrows(IllegalArgumentException.class, () -> NumberPattern.parse("+"));
        assertThrows(IllegalArgumentException.class, () -> NumberPattern.parse("+*"));
        assertThrows(IllegalArgumentException.class, () -> NumberPattern.parse(""));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> NumberPattern.parse("1".repeat(33)))
                .getMessage().contains("more than 32 digits"));
    }
}
