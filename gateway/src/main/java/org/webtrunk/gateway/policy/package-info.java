/**
 * The gateway's decision about each new request, between the transaction layer and routing
 * ({@link org.webtrunk.gateway.proxy.RequestPolicy}): who is calling (digest over ephemeral credentials),
 * what they may do (their tenant's numbers), where it goes (the tenant's trunk, or a registered browser
 * for calls from a trunk), and what the gateway answers itself (REGISTER, OPTIONS).
 */
package org.webtrunk.gateway.policy;
