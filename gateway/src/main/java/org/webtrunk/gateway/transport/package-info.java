/**
 * The listeners (UDP, TCP, TLS, WS, WSS) that frame bytes into one {@link org.webtrunk.gateway.transport.SipFrame}
 * per SIP message, and the {@link org.webtrunk.gateway.transport.FlowRegistry} of open connections.
 * See <a href="https://datatracker.ietf.org/doc/html/rfc3261#section-18">RFC 3261 §18</a> and
 * <a href="https://datatracker.ietf.org/doc/html/rfc7118">RFC 7118</a>.
 */
package org.webtrunk.gateway.transport;
