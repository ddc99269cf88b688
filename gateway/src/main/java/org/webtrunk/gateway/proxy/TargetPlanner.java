package org.webtrunk.gateway.proxy;

import java.util.List;
import org.webtrunk.gateway.sip.SipMessage;

/**
 * Where a request goes that is not routed by a Route header naming us: the ordered failover plan
 * (trunk selection for calls from browsers, the registrar's bindings for calls to them). An empty
 * list is answered 404. Called on the request's event loop; must not block.
 */
@FunctionalInterface
public interface TargetPlanner {
    List<Target> plan(SipMessage request);
}
