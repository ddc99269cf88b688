/** Loopback acceptance tests of edge protection: floods, password guessing, connection limits, bounded tables. */
package org.webtrunk.gateway.protection.it;
