package org.webtrunk.gateway.transport;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.netty.handler.ssl.OpenSslSessionContext;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.util.NetUtil;
import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import javax.net.ssl.SSLSessionContext;
import org.webtrunk.gateway.config.TrunkTlsConfig;

/**
 * The client side of TLS to trunks: for each TLS target address, its trunk's trust and revocation lists, client
 * certificate and the name its certificate must carry ({@link TrunkTlsConfig}); the same for the address a trunk
 * named as its Contact or Record-Route in an answer ({@link #learnContact}); for any other address the JVM's
 * trust store and the address itself. Contexts are built once at start, so a bad key or certificate stops the
 * start naming the trunk, not the first call.
 */
public final class TrunkTlsClients {
    static final int MAX_CONTACTS = 10_000;

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

    /**
     * Revocation lists, to be read again every {@code checkInterval} when their file changed, and the trunks that
     * use them (more than one when trunks share their {@code tls} settings).
     */
    public record RevocationLists(List<String> trunkNames, RevocationCheckingTrust trust, Duration checkInterval) {
    }

    private final Map<InetSocketAddress, Profile> byAddress;
    private final SslContext jvmTrust;
    private final List<RevocationLists> revocationLists;
    /** Contacts trunks answered with, "host:port" (an IP in its usual text form); bounded, forgotten when unused. */
    private final Cache<String, Profile> contacts = Caffeine.newBuilder().maximumSize(MAX_CONTACTS)
            .expireAfterAccess(Duration.ofHours(24)).build();

    private TrunkTlsClients(Map<InetSocketAddress, Profile> byAddress, SslContext jvmTrust,
            List<RevocationLists> revocationLists) {
        this.byAddress = Map.copyOf(byAddress);
        this.jvmTrust = jvmTrust;
        this.revocationLists = List.copyOf(revocationLists);
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
        Map<TrunkTlsConfig, Set<String>> trunksBySettings = new LinkedHashMap<>();
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
            if (b.revocation() != null) {
                trunksBySettings.computeIfAbsent(t.tls(), k -> new LinkedHashSet<>()).add(t.trunkName());
            }
        }
        List<RevocationLists> lists = new ArrayList<>();
        trunksBySettings.forEach((tls, trunks) -> lists.add(
                new RevocationLists(List.copyOf(trunks), built.get(tls).revocation(), tls.crlCheckInterval())));
        return new TrunkTlsClients(byAddress, jvmTrust, lists);
    }

    /**
     * The revocation lists of the trunks with {@code tls.crl-file}. When the first of a file's lists passes its
     * next update, every new handshake with those trunks fails until a current list is in place, so operators
     * watch that time.
     */
    public List<RevocationLists> revocationLists() {
        return revocationLists;
    }

    /**
     * A trunk reached at {@code target} answered a call over TLS naming {@code host:port} as its Contact (or
     * first Record-Route): requests in that dialog go there, checked as that trunk's targets are (its CAs, lists
     * and client certificate). An IP is checked against the trunk's name, a host name against itself. Called only
     * for answers that came over a connection to a configured target, so a caller cannot teach it anything.
     */
    public void learnContact(InetSocketAddress target, String host, int port) {
        Profile trunk = byAddress.get(target);
        String h = UriHosts.unbracketed(host);
        if (trunk == null || h.isEmpty()) {
            return;
        }
        boolean ip = NetUtil.isValidIpV4Address(h) || NetUtil.isValidIpV6Address(h);
        String key = (ip ? NetUtil.bytesToIpAddress(NetUtil.createByteArrayFromIpAddressString(h))
                : h.toLowerCase(Locale.ROOT)) + ":" + port;
        contacts.put(key, new Profile(trunk.context(), ip ? trunk.serverName() : h));
    }

    Profile forAddress(InetSocketAddress remote) {
        Profile p = byAddress.get(remote);
        if (p == null && remote.getAddress() != null) {
            p = contacts.getIfPresent(NetUtil.toAddressString(remote.getAddress()) + ":" + remote.getPort());
        }
        if (p == null) {
            p = contacts.getIfPresent(remote.getHostString().toLowerCase(Locale.ROOT) + ":" + remote.getPort());
        }
        return p != null ? p : new Profile(jvmTrust, remote.getHostString());
    }

    /** A context, and the revocation lists it checks with (null: none). */
    private record Built(SslContext context, RevocationCheckingTrust revocation) {
    }

    private static Built context(Map<TrunkTlsConfig, Built> cache, TrunkTlsConfig tls, String trunkName) {
        Built built = cache.get(tls);
        if (built != null) {
            return built;
        }
        String key = "tls";
        RevocationCheckingTrust revocation = null;
        try {
            // chain and name are both checked (Netty 4.2's default; said here so no upgrade can drop it)
            SslContextBuilder b = SslContextBuilder.forClient().sslProvider(TlsContexts.provider())
                    .endpointIdentificationAlgorithm("HTTPS");
            if (tls.caFile() != null && tls.crlFile() != null) {
                key = "tls.ca-file, tls.crl-file";
                X509Certificate[] authorities = SelfSignedCertificates.readChain(tls.caFile());
                revocation = RevocationCheckingTrust.load(authorities, tls.crlFile());
                b.trustManager(revocation.trustManager());
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
            SslContext context = b.build();
            if (revocation != null) {
                withoutResumption(context);
            }
            built = new Built(context, revocation);
        } catch (Exception e) {
            throw new IllegalStateException("cannot set up TLS to trunk '" + trunkName + "', " + key + ": "
                    + e.getMessage(), e);
        }
        cache.put(tls, built);
        return built;
    }

    /**
     * A resumed TLS session shows no certificate, so neither the trust manager nor the revocation lists are asked:
     * a trunk whose certificate was revoked after a first connection could come back on a resumed session for as
     * long as the session stays resumable. With lists, every new connection is a full handshake; connections to a
     * trunk are long-lived, so this costs one handshake per connection. BoringSSL's cache can be turned off; the
     * JDK's cannot, so there a session stays resumable for one second only.
     */
    private static void withoutResumption(SslContext context) {
        SSLSessionContext sessions = context.sessionContext();
        if (sessions instanceof OpenSslSessionContext openSsl) {
            openSsl.setSessionCacheEnabled(false);
        } else {
            sessions.setSessionTimeout(1);
        }
    }
}
