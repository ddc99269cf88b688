package org.webtrunk.gateway.tenant;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.webtrunk.gateway.config.TenantsConfig;

class TenantTest {

    private static Tenant tenantWith(String... numbers) {
        TenantsConfig config = new TenantsConfig(
                List.of(Fixtures.tenant("acme", false, List.of(numbers), "t")),
                List.of(Fixtures.trunk("t", 3, Fixtures.target("sip:127.0.0.1:5090", 10, 1))), false);
        return TenantDirectory.build(config, TargetResolver.system()).byId("acme").orElseThrow();
    }

    @Test
    void starAllowsEveryNumberButNoNames() {
        Tenant t = tenantWith("*");
        assertTrue(t.mayDial("+15551234567"));
        assertTrue(t.mayDial("100"));
        assertFalse(t.mayDial("alice"), "a user name is not a number");
        assertFalse(t.mayDial(""));
        assertFalse(t.mayDial("+"));
        assertFalse(t.mayDial(null));
    }

    @Test
    void leadingPlusAndSeparatorsDoNotMatter() {
        Tenant t = tenantWith("+1555*");
        assertTrue(t.mayDial("+15551234567"));
        assertTrue(t.mayDial("15551234567"));
        assertTrue(t.mayDial("+1 (555) 123-4567"));
        assertTrue(t.mayDial("1555"), "a prefix matches itself");
        assertFalse(t.mayDial("+1556"));
        assertFalse(t.mayDial("+155"));
        assertFalse(t.mayDial("1+555"));
        assertFalse(t.mayDial("+1555;phone-context=x"), "parameters are the caller's to strip");
    }

    @Test
    void exactNumbersMatchOnlyThemselves() {
        Tenant t = tenantWith("+4930123456");
        assertTrue(t.mayDial("4930123456"));
        assertFalse(t.mayDial("+49301234567"));
        assertFalse(t.mayDial("+493012345"));
    }

    @Test
    void longestPrefixDecides() {
        Tenant t = tenantWith("+1*", "!+1900*", "+1900555*", "!+15550100");
        assertTrue(t.mayDial("+12125550000"));
        assertFalse(t.mayDial("+19001234567"), "premium numbers are denied");
        assertTrue(t.mayDial("+19005551234"), "but a longer allow wins inside the denied range");
        assertFalse(t.mayDial("+15550100"), "an exact deny beats the prefix allow");
        assertTrue(t.mayDial("+155501001"));
        assertFalse(t.mayDial("+4420"), "no match denies");
    }

    @Test
    void denyWinsOverAllowForTheSameEntryAndEmptyPlanAllowsNothing() {
        assertFalse(tenantWith("+44*", "!+44*").mayDial("+4420"));
        assertFalse(tenantWith().mayDial("+4420"));
    }

    @Test
    void overlongNumbersAreRefused() {
        assertFalse(tenantWith("*").mayDial("1".repeat(33)));
    }
}
