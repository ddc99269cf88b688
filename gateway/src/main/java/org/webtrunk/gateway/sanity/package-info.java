/**
 * The sanity stage: named checks of received SIP messages, each with its own reply (after Kamailio's sanity module).
 */
package org.webtrunk.gateway.sanity;
