package org.webtrunk.gateway.proxy;

/** Asks the gateway's {@link RequestPolicy} about a new request (not ACK, not CANCEL). */
final class PolicyStep implements ProxyStep {
    private final RequestPolicy policy;

    PolicyStep(RequestPolicy policy) {
        this.policy = policy;
    }

    @Override
    public Outcome process(ProxyRequest r) {
        String method = r.method();
        if ("ACK".equals(method) || "CANCEL".equals(method)) {
            return Outcome.CONTINUE;
        }
        PolicyDecision d = policy.decide(r.message);
        if (d instanceof PolicyDecision.Answer a) {
            return r.reject(a.status(), a.reason(), a.headers().toArray(String[]::new));
        }
        if (d instanceof PolicyDecision.Route route) {
            if (route.targets().isEmpty()) {
                return r.reject(404, "Not Found");
            }
            r.targets = route.targets();
            r.retarget = true;
            r.stripHeaders = route.stripHeaders();
            r.addHeaders = route.addHeaders();
        }
        return Outcome.CONTINUE;
    }
}
