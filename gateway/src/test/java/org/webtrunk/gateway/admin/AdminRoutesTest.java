package org.webtrunk.gateway.admin;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.handler.codec.http.HttpMethod;
import org.junit.jupiter.api.Test;

class AdminRoutesTest {
    private final AdminRoutes routes = new AdminRoutes();
    private final AdminRoute flows = req -> null;
    private final AdminRoute oneFlow = req -> null;

    @Test
    void longestPrefixWinsAndPrefixesMatchWholeSegments() {
        routes.register(HttpMethod.GET, "/admin/flows", flows);
        routes.register(HttpMethod.GET, "/admin/flows/by-token/", oneFlow);
        assertSame(flows, routes.find(HttpMethod.GET, "/admin/flows").route());
        assertSame(flows, routes.find(HttpMethod.GET, "/admin/flows/12").route());
        assertSame(oneFlow, routes.find(HttpMethod.GET, "/admin/flows/by-token/abc").route());
        assertNull(routes.find(HttpMethod.GET, "/admin/flowsx").route());
        assertFalse(routes.find(HttpMethod.GET, "/admin/flowsx").pathKnown());
    }

    @Test
    void knownPathWithAnotherMethodIsReportedFor405() {
        routes.register(HttpMethod.GET, "/health", flows);
        AdminRoutes.Match m = routes.find(HttpMethod.POST, "/health");
        assertNull(m.route());
        assertTrue(m.pathKnown());
    }

    @Test
    void duplicateAndRelativeRoutesAreRejected() {
        routes.register(HttpMethod.GET, "/health", flows);
        assertThrows(IllegalArgumentException.class, () -> routes.register(HttpMethod.GET, "/health/", flows));
        assertThrows(IllegalArgumentException.class, () -> routes.register(HttpMethod.GET, "health", flows));
    }
}
