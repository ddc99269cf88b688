package org.webtrunk.gateway.proxy;

/**
 * One named step of the proxy chain (reSIProcate repro style). A step either lets the request go on or
 * is done with it: absorbed, handed to a forwarding, or rejected through {@link ProxyRequest#reject},
 * which {@link ProxyCore} turns into the reply in one place.
 */
interface ProxyStep {
    enum Outcome { CONTINUE, DONE }

    Outcome process(ProxyRequest request);
}
