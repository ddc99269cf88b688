package org.webtrunk.gateway.transport;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.webtrunk.gateway.config.TrunkTlsConfig;

/**
 * The client side of TLS to trunks: for each TLS target address, its trunk's trust and revocation lists, client
 * certificate and the name its certificate must carry ({@link TrunkTlsConfig}); for any other address (a Contact
 * or Record-Route a trunk names in a call) the JVM's trust store and the address itself. Contexts are built once
 * at start, so a bad key or certificate stops the start naming the trunk, not the first call.
 */
public final class TrunkTlsClients {
    /** One TLS target as configured: where it is, the name it was configured by, and its trunk's settings. */
    public record Target(String trunkName, InetSocketAddress address, String host, TrunkTlsConfig tls) {
        public Target {
            Objects.requireNonNull(trunkName, "trunkName");
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(tls, "tls");
        }
    }

    /** The context to connect with and the name to send as SNI and verify. */
    record Profile(SslContext context, String serverName) {
    }

    private final Map<InetSocketAddress, Profile> byAddress;
    private final SslContext jvmTrust;
    private final Map<String, Instant> revocationListsExpire;

    private TrunkTlsClients(Map<InetSocketAddress, Profile> byAddress, SslContext jvmTrust,
            Map<String, Instant> revocationListsExpire) {
        this.byAddress = Map.copyOf(byAddress);
        this.jvmTrust = jvmTrust;
        this.revocationListsExpire = Map.copyOf(revocationListsExpire);
    }

    /** Every TLS connection checked against the JVM's trust store and its address (tests, a gateway of no trunks). */
    public static TrunkTlsClients jvmTrustOnly() {
        return build(List.of());
    }

    /**
     * Builds one context per distinct setting. Two trunks with the same TLS address and different settings are
     * refused: which settings a call to that address would get could not be told from the config.
     *
     * @throws IllegalStateException naming the trunk and the key when a context cannot be built
     */
    public static TrunkTlsClients build(List<Target> targets) {
        Map<TrunkTlsConfig, Built> built = new HashMap<>();
        SslContext jvmTrust = context(built, TrunkTlsConfig.DEFAULTS, "(any)").context();
        Map<String, Instant> expireByTrunk = new HashMap<>();
        Map<InetSocketAddress, Profile> byAddress = new HashMap<>();
        Map<InetSocketAddress, Target> first = new HashMap<>();
        for (Target t : targets) {
            Target earlier = first.putIfAbsent(t.address(), t);
            if (earlier != null && !earlier.tls().equals(t.tls())) {
                throw new IllegalStateException("trunks '" + earlier.trunkName() + "' and '" + t.trunkName()
                        + "' both reach " + t.address() + " over TLS with different tls settings; give them the same");
            }
            String name = t.tls().serverName() != null ? t.tls().serverName() : t.host();
            Built b = context(built, t.tls(), t.trunkName());
            byAddress.putIfAbsent(t.address(), new Profile(b.context(), name));
            if (b.listsExpire() != null) {
                expireByTrunk.put(t.trunkName(), b.listsExpire());
            }
        }
        return new TrunkTlsClients(byAddress, jvmTrust, expireByTrunk);
    }

    /**
     * For each trunk with {@code tls.crl-file}: when the first of its lists passes its next update. From then on
     * every new handshake with the trunk fails until a current list is in place, so operators watch this.
     */
    public Map<String, Instant> revocationListsExpire() {
        return revocationListsExpire;
    }

    Profile forAddress(InetSocketAddress remote) {
        Profile p = byAddress.get(remote);
        return p != null ? p : new Profile(jvmTrust, remote.getHostString());
    }

    /** A context, and when the first of its revocation lists expires (null: it has none). */
    private record Built(SslContext context, Instant listsExpire) {
    }

    private static Built context(Map<TrunkTlsConfig, Built> cache, TrunkTlsConfig tls, String trunkName) {
        Built built = cache.get(tls);
        if (built != null) {
            return built;
        }
        String key = "tls";
        Instant listsExpire = null;
        try {
            // chain and name are both checked (Netty 4.2's default; said here so no upgrade can drop it)
            SslContextBuilder b = SslContextBuilder.forClient().sslProvider(TlsContexts.provider())
                    .endpointIdentificationAlgorithm("HTTPS");
            if (tls.caFile() != null && tls.crlFile() != null) {
                key = "tls.ca-file, tls.crl-file";
                X509Certificate[] authorities = SelfSignedCertificates.readChain(tls.caFile());
                RevocationCheckingTrust.Loaded trust = RevocationCheckingTrust.of(authorities, tls.crlFile());
                b.trustManager(trust.factory());
                listsExpire = trust.firstNextUpdate();
            } else if (tls.caFile() != null) {
                key = "tls.ca-file";
                b.trustManager(SelfSignedCertificates.readChain(tls.caFile()));
            }
            if (tls.certificateFile() != null) {
                key = "tls.certificate, tls.private-key";
                SelfSignedCertificates.KeyAndChain kc =
                        SelfSignedCertificates.read(tls.certificateFile(), tls.privateKeyFile());
                b.keyManager(kc.key(), kc.chain());
            }
            built = new Built(b.build(), listsExpire);
        } catch (Exception e) {
            throw new IllegalStateException("cannot set up TLS to trunk '" + trunkName + "', " + key + ": "
                    + e.getMessage(), e);
        }
        cache.put(tls, built);
        return built;
    }
}
