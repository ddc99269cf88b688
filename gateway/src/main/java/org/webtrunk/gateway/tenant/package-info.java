/** Tenants, the numbers their callers may dial, their trunks, and failover between trunk targets. */
package org.webtrunk.gateway.tenant;
