/** The in-memory location service (RFC 3261 §10, RFC 5626 outbound): which browser flows an address of record reaches. */
package org.webtrunk.gateway.registrar;
