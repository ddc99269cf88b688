package org.webtrunk.gateway.admin;

import io.netty.handler.codec.http.HttpMethod;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The admin route table: (method, path prefix) → route. A prefix matches the path itself and anything
 * below it ({@code /admin/flows} matches {@code /admin/flows/42}); the longest matching prefix wins.
 * A path some route matches, but not with this method, is a 405.
 */
final class AdminRoutes {
    record Entry(HttpMethod method, String prefix, AdminRoute route) {
    }

    /** Result of a lookup: a route, or which error status to send. */
    record Match(AdminRoute route, boolean pathKnown) {
    }

    private final List<Entry> entries = new CopyOnWriteArrayList<>();

    void register(HttpMethod method, String prefix, AdminRoute route) {
        if (!prefix.startsWith("/")) {
            throw new IllegalArgumentException("path prefix must start with '/': " + prefix);
        }
        String p = prefix.length() > 1 && prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
        for (Entry e : entries) {
            if (e.method().equals(method) && e.prefix().equals(p)) {
                throw new IllegalArgumentException("route already registered: " + method + " " + p);
            }
        }
        entries.add(new Entry(method, p, route));
    }

    Match find(HttpMethod method, String path) {
        Entry best = null;
        boolean pathKnown = false;
        for (Entry e : entries) {
            if (!matches(e.prefix(), path)) {
                continue;
            }
            pathKnown = true;
            if (e.method().equals(method) && (best == null || e.prefix().length() > best.prefix().length())) {
                best = e;
            }
        }
        return new Match(best == null ? null : best.route(), pathKnown);
    }

    private static boolean matches(String prefix, String path) {
        if (prefix.equals("/")) {
            return path.equals("/");
        }
        return path.equals(prefix) || (path.startsWith(prefix) && path.charAt(prefix.length()) == '/');
    }
}
