/**
 * Gateway authentication without networking: ephemeral credentials (Kamailio auth_ephemeral, the TURN REST
 * draft), customer tokens, SIP digest (<a href="https://datatracker.ietf.org/doc/html/rfc3261#section-22">RFC
 * 3261 §22</a>, <a href="https://datatracker.ietf.org/doc/html/rfc7616">RFC 7616</a>) and stateless nonces.
 * The gateway calls {@link org.webtrunk.auth.DigestAuthenticator} once per request.
 */
package org.webtrunk.auth;
