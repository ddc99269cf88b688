package org.webtrunk.gateway.config;

/**
 * SIP protocol settings shared by every listener.
 *
 * @param serverName        value of the Server header on replies the gateway makes itself
 * @param maxForwards       Max-Forwards put on requests the gateway originates (RFC 3261 §8.1.1.6: 70)
 * @param maxHeaderCount    bound on header lines per message, against parser-exhaustion floods
 * @param logRejectsPerMinute bound on log lines per source about rejected messages (each is still counted)
 */
public record SipConfig(String serverName, int maxForwards, int maxHeaderCount, int logRejectsPerMinute) {
    static SipConfig read(ConfigNode n) {
        SipConfig c = new SipConfig(
                n.string("server-name", "WebTrunk"),
                n.integer("max-forwards", 70, 1, 255),
                n.integer("max-header-count", 256, 16, 4096),
                n.integer("log-rejects-per-minute", 10, 0, 100_000));
        n.rejectUnknownKeys();
        return c;
    }
}
