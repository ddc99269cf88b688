/** The loopback admin HTTP API: health, Prometheus metrics and the operational tables. */
package org.webtrunk.gateway.admin;
