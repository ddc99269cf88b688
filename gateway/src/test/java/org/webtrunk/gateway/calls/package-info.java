/** Loopback acceptance tests of the gateway core: browsers and SIP callers through the gateway to SIPp trunks and back. */
package org.webtrunk.gateway.calls;
