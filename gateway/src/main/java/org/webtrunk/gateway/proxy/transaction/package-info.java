/** SIP transactions of our own on Netty's event loops (<a href="https://datatracker.ietf.org/doc/html/rfc3261#section-17">RFC 3261 §17</a>, with the Accepted states of RFC 6026). */
package org.webtrunk.gateway.proxy.transaction;
