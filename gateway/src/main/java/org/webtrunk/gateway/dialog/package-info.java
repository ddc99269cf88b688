/**
 * Calls through the gateway and their end: the dialog table (<a href="https://datatracker.ietf.org/doc/html/rfc3261#section-12">RFC 3261 §12</a>),
 * BYE/CANCEL on the trunk when a browser's WebSocket goes away, session timers
 * (<a href="https://datatracker.ietf.org/doc/html/rfc4028">RFC 4028</a>), a maximum duration, drain on shutdown.
 */
package org.webtrunk.gateway.dialog;
