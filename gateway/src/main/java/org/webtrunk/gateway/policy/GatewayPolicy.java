package org.webtrunk.gateway.policy;

import static org.webtrunk.gateway.sip.LocalRequestHandler.ACCEPT;
import static org.webtrunk.gateway.sip.LocalRequestHandler.ALLOW;
import static org.webtrunk.gateway.sip.LocalRequestHandler.SUPPORTED;

import java.net.InetAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.webtrunk.auth.DigestAuthenticator;
import org.webtrunk.gateway.config.AuthConfig;
import org.webtrunk.gateway.protection.EdgeProtection;
import org.webtrunk.gateway.protection.ProtectionDecision;
import org.webtrunk.gateway.proxy.PolicyDecision;
import org.webtrunk.gateway.proxy.RequestPolicy;
import org.webtrunk.gateway.proxy.Target;
import org.webtrunk.gateway.registrar.Binding;
import org.webtrunk.gateway.registrar.LocationStore;
import org.webtrunk.gateway.sip.SipMessage;
import org.webtrunk.gateway.sip.SipUri;
import org.webtrunk.gateway.tenant.TargetSelectionStrategy;
import org.webtrunk.gateway.tenant.Tenant;
import org.webtrunk.gateway.tenant.TenantDirectory;
import org.webtrunk.gateway.tenant.TrunkTarget;

/**
 * What the gateway does with each new request:
 * <ul>
 *   <li>in-dialog requests (To tag) go on to loose routing;</li>
 *   <li>OPTIONS to the gateway itself (no user part) is answered 200 (keep-alive and health probes);</li>
 *   <li>from a trunk: a call to a registered browser of that trunk's tenant, over the browser's flow;</li>
 *   <li>REGISTER: digest (401), then the registrar;</li>
 *   <li>INVITE, MESSAGE, OPTIONS to a number: refused cheaply if no tenant owns the number (scanners),
 *       else digest (407), then the caller's tenant must own the number (403/404), then its trunk, with
 *       credentials and the trunk's strip-headers removed and its add-headers added.</li>
 * </ul>
 */
public final class GatewayPolicy implements RequestPolicy {
    private static final Set<String> CREDENTIAL_HEADERS = Set.of("authorization", "proxy-authorization");

    private final TenantDirectory tenants;
    private final TargetSelectionStrategy selector;
    private final LocationStore locations;
    private final EdgeProtection protection;
    private final CallerAuthentication auth;
    private final RegisterHandling registrar;
    private final TrunkSources trunkSources;

    public GatewayPolicy(TenantDirectory tenants, TargetSelectionStrategy selector, LocationStore locations,
                         DigestAuthenticator authenticator, AuthConfig authConfig, EdgeProtection protection,
                         Clock clock) {
        this.tenants = tenants;
        this.selector = selector;
        this.locations = locations;
        this.protection = protection;
        this.auth = new CallerAuthentication(authenticator, protection.authFailures(), authConfig.requireFromMatch(),
                authConfig.maxCredentialTtl(), clock);
        this.registrar = new RegisterHandling(locations);
        this.trunkSources = new TrunkSources(tenants);
    }

    @Override
    public PolicyDecision decide(SipMessage request) {
        if (request.toTag() != null) {
            return PolicyDecision.proceed(); // in dialog: routed by the Route set we recorded
        }
        SipUri ruri = request.requestSipUri();
        String user = ruri == null ? null : ruri.user();
        if (request.isMethod("OPTIONS") && (user == null || user.isEmpty())) {
            return PolicyDecision.answer(200, "OK", ALLOW, ACCEPT, SUPPORTED);
        }
        List<Tenant> trunkTenants = trunkSources.tenantsOf(request.flow());
        if (!trunkTenants.isEmpty()) {
            return fromTrunk(request, user, trunkTenants);
        }
        if (request.isMethod("REGISTER")) {
            return register(request);
        }
        if (request.isMethod("BYE")) {
            // no To tag, so no dialog it could end (RFC 3261 §15.1.2); a 405 would contradict our Allow
            return PolicyDecision.answer(481, "Call/Transaction Does Not Exist");
        }
        if (!(request.isMethod("INVITE") || request.isMethod("MESSAGE") || request.isMethod("OPTIONS"))) {
            return PolicyDecision.answer(405, "Method Not Allowed", ALLOW);
        }
        if (user == null || !anyTenantOwns(user)) {
            return refuseUnknownNumber(request.flow().remote().getAddress());
        }
        CallerAuthentication.Outcome who = auth.authenticate(request);
        if (who.answer() != null) {
            return who.answer();
        }
        Optional<Tenant> tenant = tenantOf(who.caller());
        if (tenant.isEmpty()) {
            return PolicyDecision.answer(403, "Unknown Tenant");
        }
        Tenant t = tenant.get();
        if (!t.mayDial(user)) {
            return t.dialRefusal() == 404
                    ? PolicyDecision.answer(404, "Not Found")
                    : PolicyDecision.answer(403, "Number Not Allowed");
        }
        return toTrunk(t);
    }

    private PolicyDecision register(SipMessage request) {
        CallerAuthentication.Outcome who = auth.authenticate(request);
        if (who.answer() != null) {
            return who.answer();
        }
        Optional<Tenant> tenant = tenantOf(who.caller());
        if (tenant.isEmpty()) {
            return PolicyDecision.answer(403, "Unknown Tenant");
        }
        ProtectionDecision limit = protection.registrations().checkRegistration(who.caller().credentialId());
        if (!limit.allowed()) {
            return PolicyDecision.answer(limit.status(), limit.reason(), limit.headers().toArray(String[]::new));
        }
        return registrar.register(request, who.caller(), tenant.get().id());
    }

    private Optional<Tenant> tenantOf(CallerAuthentication.Caller caller) {
        return tenants.forCredentialId(caller.credentialId());
    }

    private boolean anyTenantOwns(String number) {
        for (Tenant t : tenants.tenants()) {
            if (t.mayDial(number)) {
                return true;
            }
        }
        return false;
    }

    private PolicyDecision refuseUnknownNumber(InetAddress source) {
        ProtectionDecision d = protection.scanners().unknownNumber(source);
        int status = d.status() == 0 ? 404 : d.status();
        String reason = d.reason() == null || d.reason().isEmpty() ? "Not Found" : d.reason();
        return PolicyDecision.answer(status, reason, d.headers().toArray(String[]::new));
    }

    private PolicyDecision toTrunk(Tenant tenant) {
        List<TrunkTarget> plan = selector.plan(tenant.trunks());
        if (plan.isEmpty()) {
            return PolicyDecision.answer(503, "No Trunk Available", "Retry-After: 30");
        }
        List<Target> targets = new ArrayList<>(plan.size());
        for (TrunkTarget t : plan) {
            targets.add(t.proxyTarget());
        }
        // each trunk's own strip/add headers travel with its targets (TrunkTarget is the targets' TargetHeaders)
        return new PolicyDecision.Route(targets, CREDENTIAL_HEADERS, List.of());
    }

    private PolicyDecision fromTrunk(SipMessage request, String user, List<Tenant> trunkTenants) {
        if (user == null || user.isEmpty()) {
            return PolicyDecision.answer(404, "Not Found");
        }
        List<Target> targets = new ArrayList<>();
        for (Tenant t : trunkTenants) {
            for (Binding b : locations.lookup(RegisterHandling.aor(user, t.id()))) {
                if (b.flow() != null && b.flow().isOpen()) {
                    Target browser = Target.of(b.flow());
                    targets.add(new Target(browser.transport(), browser.address(), browser.uriHost(), b.flow(), b));
                }
            }
        }
        if (targets.isEmpty()) {
            return PolicyDecision.answer(480, "Temporarily Unavailable");
        }
        return new PolicyDecision.Route(targets, Set.of(), List.of());
    }
}
