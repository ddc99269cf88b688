package org.webtrunk.gateway.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The whole gateway configuration, read and validated once at startup and passed down through
 * constructors. Immutable; see {@code config/reference.md} for every key, its default and why.
 */
public record GatewayConfig(ListenersConfig listeners, AdminConfig admin, SipConfig sip, ProxySettings proxy,
                            AuthConfig auth, TenantsConfig tenants, RegistrarConfig registrar,
                            ProtectionConfig protection, TokenServiceConfig tokenService, DemoConfig demo,
                            DialogConfig dialogs, WarmupConfig warmup) {

    static GatewayConfig read(ConfigNode root, Function<String, String> env, Path baseDir) {
        ListenersConfig listeners = ListenersConfig.read(root.section("listeners"));
        AuthConfig auth = AuthConfig.read(root.section("auth"), env, baseDir);
        TokenServiceConfig tokenService = TokenServiceConfig.read(root.section("token-service"), env, baseDir, auth,
                webSocketUris(listeners));
        TenantsConfig tenants = TenantsConfig.read(root, baseDir);
        checkTokenTenantsAreKnown(root, tokenService, tenants);
        GatewayConfig c = new GatewayConfig(
                listeners,
                AdminConfig.read(root.section("admin")),
                SipConfig.read(root.section("sip")),
                ProxySettings.read(root.section("proxy")),
                auth,
                tenants,
                RegistrarConfig.read(root.section("registrar")),
                ProtectionConfig.read(root.section("protection")),
                tokenService,
                DemoConfig.read(root.section("demo"), baseDir, tokenService),
                DialogConfig.read(root.section("dialogs")),
                WarmupConfig.read(root.section("warmup")));
        root.rejectUnknownKeys();
        return c;
    }

    /**
     * Credentials minted for a token-service tenant carry its id as their tenant part; when no gateway tenant
     * owns that id its callers would be refused at every REGISTER, so it is a startup error. Skipped when no
     * tenants are configured (a token-service-only install, or the embedded demo).
     */
    private static void checkTokenTenantsAreKnown(ConfigNode root, TokenServiceConfig tokenService,
                                                  TenantsConfig tenants) {
        if (!tokenService.enabled() || tenants.usingDemoDefaults() || tenants.tenants().isEmpty()) {
            return;
        }
        java.util.Set<String> owned = new java.util.HashSet<>();
        tenants.tenants().forEach(t -> owned.addAll(t.credentialIds()));
        List<ConfigNode> nodes = root.section("token-service").sections("tenants");
        for (int i = 0; i < tokenService.tenants().size() && i < nodes.size(); i++) {
            String id = tokenService.tenants().get(i).id();
            if (!owned.contains(id)) {
                nodes.get(i).error("id", "'" + id + "' is no gateway tenant's credential id, so its callers would "
                        + "be refused: add it to a tenant's credential-ids (tenants[].credential-ids)");
            }
        }
    }

    /**
     * The WebSocket URLs the token service hands out by default: wss first, browsers need it. A bad
     * listener path is reported under its own key, not again here.
     */
    private static List<String> webSocketUris(ListenersConfig l) {
        List<String> uris = new ArrayList<>();
        if (l.wss().enabled() && l.wss().path().startsWith("/")) {
            uris.add("wss://" + l.wss().host() + ":" + l.wss().port() + l.wss().path());
        }
        if (l.ws().enabled() && l.ws().path().startsWith("/")) {
            uris.add("ws://" + l.ws().host() + ":" + l.ws().port() + l.ws().path());
        }
        return uris;
    }
}
