package org.webtrunk.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.webtrunk.gateway.admin.AdminResponses;
import org.webtrunk.gateway.admin.AdminServer;
import org.webtrunk.gateway.dialog.DialogTracker;
import org.webtrunk.gateway.protection.EdgeProtection;
import org.webtrunk.gateway.registrar.LocationStore;
import org.webtrunk.gateway.transport.FlowRegistry;

/** The operational tables on the loopback admin listener: bans, top talkers, registrations, connections. */
final class AdminRoutesInstaller {
    private static final ObjectMapper JSON = new ObjectMapper();
    private AdminRoutesInstaller() {
    }

    static void install(AdminServer admin, EdgeProtection protection, LocationStore locations, FlowRegistry flows,
                        DialogTracker dialogs) {
        admin.register(HttpMethod.GET, "/admin/dialogs", req -> json(dialogs.list().stream().limit(1000).map(d -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", d.id());
            m.put("callId", d.callId());
            m.put("state", d.state());
            m.put("tenant", d.tenant());
            m.put("callerFlow", d.callerFlow());
            m.put("calleeFlow", d.calleeFlow());
            m.put("started", String.valueOf(d.started()));
            m.put("answered", String.valueOf(d.answered()));
            m.put("sessionInterval", d.sessionInterval());
            m.put("refresher", d.refresher());
            return m;
        }).toList()));
        admin.register(HttpMethod.DELETE, "/admin/dialogs", req -> {
            String id = lastSegment(req.uri());
            boolean ended = id != null && !id.equals("dialogs") && dialogs.end(id, "admin");
            return AdminResponses.json(ended ? HttpResponseStatus.OK : HttpResponseStatus.NOT_FOUND,
                    "{\"ended\":" + ended + "}");
        });
        admin.register(HttpMethod.GET, "/admin/bans", req -> json(protection.bans().list().stream().map(b -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("address", b.address());
            m.put("reason", b.reason());
            m.put("expiresAt", String.valueOf(b.expiresAt()));
            m.put("remainingSeconds", b.remaining().toSeconds());
            return m;
        }).toList()));
        admin.register(HttpMethod.DELETE, "/admin/bans", req -> {
            String ip = lastSegment(req.uri());
            boolean removed = ip != null && protection.bans().unban(ip);
            return AdminResponses.json(removed ? HttpResponseStatus.OK : HttpResponseStatus.NOT_FOUND,
                    "{\"unbanned\":" + removed + "}");
        });
        admin.register(HttpMethod.GET, "/admin/top-talkers", req -> {
            List<String> n = new QueryStringDecoder(req.uri()).parameters().getOrDefault("n", List.of("20"));
            int count = parse(n.get(0), 20);
            var top = protection.flood().topTalkers(count);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("windowSeconds", top.window().toSeconds());
            m.put("talkers", top.talkers());
            return json(m);
        });
        admin.register(HttpMethod.GET, "/admin/registrations", req -> json(locations.list(1000).stream().map(b -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("aor", b.aor());
            m.put("contact", b.contact());
            m.put("tenant", b.tenantId());
            m.put("credentialId", b.credentialId());
            m.put("flow", String.valueOf(b.flow()));
            m.put("expiresInSeconds", b.secondsLeft(locations.now()));
            return m;
        }).toList()));
        admin.register(HttpMethod.GET, "/admin/connections", req -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("open", flows.size());
            body.put("max", flows.maxFlows());
            body.put("flows", flows.snapshot().stream().limit(1000).map(Object::toString).toList());
            return json(body);
        });
    }

    private static FullHttpResponse json(Object body) {
        try {
            return AdminResponses.json(HttpResponseStatus.OK, JSON.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String lastSegment(String uri) {
        String path = new QueryStringDecoder(uri).path();
        int slash = path.lastIndexOf('/');
        String last = slash < 0 ? path : path.substring(slash + 1);
        return last.isEmpty() || last.equals("bans") ? null : last;
    }

    private static int parse(String s, int dflt) {
        try {
            return Math.max(1, Math.min(1000, Integer.parseInt(s)));
        } catch (NumberFormatException e) {
            return dflt;
        }
    }
}
