package org.webtrunk.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GatewayIdentityTest {

    @Test
    void tenantIsTheTextBeforeTheFirstDot() {
        GatewayIdentity id = GatewayIdentity.parse("acme-2.alice.smith@example.com").orElseThrow();
        assertEquals("acme-2", id.tenant());
        assertEquals("alice.smith@example.com", id.caller());
        assertEquals("acme-2.alice.smith@example.com", id.id());
    }

    @Test
    void idWithoutDotNamesNoTenant() {
        GatewayIdentity id = GatewayIdentity.parse("alice").orElseThrow();
        assertNull(id.tenant());
        assertEquals("alice", id.id());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".alice", "acme.", "ACME.alice", "acme_x.alice", "foo@bar.com", "a b",
        "acme.al ice", "acme.a:b", "abcdefghijklmnopqrstuvwxyz0123456.alice"})
    void unknownFormats(String id) {
        assertTrue(GatewayIdentity.parse(id).isEmpty(), id);
    }

    @Test
    void randomCallersAreUrlSafeAndDistinct() {
        SecureRandom r = new SecureRandom();
        GatewayIdentity a = GatewayIdentity.random("acme", r);
        GatewayIdentity b = GatewayIdentity.random("acme", r);
        assertNotEquals(a, b);
        assertTrue(a.caller().matches("[A-Za-z0-9_-]{16}"), a.caller());
        assertEquals(a, GatewayIdentity.parse(a.id()).orElseThrow());
    }

    @Test
    void constructorValidates() {
        assertThrows(IllegalArgumentException.class, () -> new GatewayIdentity("Acme", "x"));
        assertThrows(IllegalArgumentException.class, () -> new GatewayIdentity("acme", ""));
        assertTrue(GatewayIdentity.parse(null).isEmpty());
    }
}
