/**
 * Edge protection: flood detection and bans (after Kamailio pike), failed-authentication bans (fail2ban),
 * scanner defence and limits. Detectors and limiters decide ({@link org.webtrunk.gateway.protection.ProtectionDecision});
 * handlers act, and SIP replies are written by the SIP stage's one reply writer.
 */
package org.webtrunk.gateway.protection;
