package org.webtrunk.gateway.token;

import org.webtrunk.auth.CustomerToken;

/**
 * A parsed exchange request.
 *
 * @param tenant the tenant id, or null when the client named none
 * @param token  the customer token
 */
record TokenRequest(String tenant, CustomerToken token) {
}
