/**
 * The token service: {@code POST /v1/token} trades a tenant's customer token for gateway credentials
 * (TURN REST API draft style, draft-uberti-behave-turn-rest-00 §2.2), with CORS (per tenant origins), per-source
 * and per-account rate limits, and JSON errors. Served on the public WebSocket listener or on its own.
 */
package org.webtrunk.gateway.token;
