/**
 * The click-to-call demo served on the WebSocket listeners: a static page at {@code /demo/} and
 * {@code /demo/customer-token}, a stand-in for a tenant's web backend that mints customer tokens. Demo only, off
 * unless {@code demo.enabled}; see {@code docs/call-button.md} for doing it properly on a tenant's site.
 */
package org.webtrunk.gateway.web;
