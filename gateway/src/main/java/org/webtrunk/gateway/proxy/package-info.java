/** Stateful proxying (<a href="https://datatracker.ietf.org/doc/html/rfc3261#section-16">RFC 3261 §16</a>): loose routing, Record-Route, serial failover over trunk targets. */
package org.webtrunk.gateway.proxy;
