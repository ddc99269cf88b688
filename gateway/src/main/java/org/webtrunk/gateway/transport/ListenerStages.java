package org.webtrunk.gateway.transport;

import io.netty.channel.ChannelPipeline;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * What the gateway adds to each listener's pipeline around the transport's own handlers, so the
 * transport package knows nothing of SIP policy:
 * <pre>
 * stream/ws: [accept guards] → tls → idle → (ws: http → [http routes] → upgrade → [after upgrade] → frames)
 *            → framing → [sip stage] → exception
 * udp:       [datagram guards] → framing → [sip stage] → exception
 * </pre>
 */
public interface ListenerStages {

    /** Appends what consumes {@link SipFrame}s (decoder, sanity, policy, proxy, reply writer). */
    void addSipStage(ChannelPipeline pipeline);

    /** First handlers of an accepted TCP/TLS/WS/WSS connection, before TLS: bans and connection limits. */
    default void addAcceptGuards(ChannelPipeline pipeline, Transport transport) {
    }

    /** First handlers of the UDP channel, before any parsing: bans and flood counting per datagram. */
    default void addDatagramGuards(ChannelPipeline pipeline) {
    }

    /** WS/WSS: HTTP handlers after the aggregator and before the upgrade guard (token service, pages). */
    default void addHttpRoutes(ChannelPipeline pipeline, Transport transport) {
    }

    /** WS/WSS: handlers right after the WebSocket protocol handler (e.g. handshake-complete listeners). */
    default void addAfterUpgrade(ChannelPipeline pipeline) {
    }

    /** Stages that only add the SIP stage. */
    static ListenerStages sipOnly(Consumer<ChannelPipeline> sipStage) {
        Objects.requireNonNull(sipStage, "sipStage");
        return sipStage::accept;
    }
}
