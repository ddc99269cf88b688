package org.webtrunk.gateway.config;

import java.nio.file.Path;
import java.util.function.Function;

/**
 * The whole gateway configuration, read and validated once at startup and passed down through
 * constructors. Immutable; see {@code config/reference.md} for every key, its default and why.
 */
public record GatewayConfig(ListenersConfig listeners, AdminConfig admin, SipConfig sip,
                            AuthConfig auth, TenantsConfig tenants, RegistrarConfig registrar) {

    static GatewayConfig read(ConfigNode root, Function<String, String> env, Path baseDir) {
        GatewayConfig c = new GatewayConfig(
                ListenersConfig.read(root.section("listeners")),
                AdminConfig.read(root.section("admin")),
                SipConfig.read(root.section("sip")),
                AuthConfig.read(root.section("auth"), env, baseDir),
                TenantsConfig.read(root),
                RegistrarConfig.read(root.section("registrar")));
        root.rejectUnknownKeys();
        return c;
    }
}
