package org.webtrunk.gateway.transport;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.DatagramPacket;
import io.netty.handler.codec.MessageToMessageDecoder;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

/**
 * One SIP message per UDP datagram (RFC 3261 §18.1). CRLFs before the message are skipped, so a
 * datagram of only CRLFs (a keep-alive some peers send) is ignored.
 * A datagram over the limit becomes an oversized frame holding its first bytes, for a 513.
 *
 * <p>The flow of a datagram is its sender's address; flows are kept in a bounded cache so a busy trunk
 * does not cost one allocation per datagram.
 */
final class SipDatagramDecoder extends MessageToMessageDecoder<DatagramPacket> {
    private final int maxMessageBytes;
    private final TransportMetrics metrics;
    private final Cache<InetSocketAddress, Flow> flows;

    SipDatagramDecoder(int maxMessageBytes, int maxCachedFlows, TransportMetrics metrics) {
        super(DatagramPacket.class);
        this.maxMessageBytes = maxMessageBytes;
        this.metrics = metrics;
        // maintenance on the event loop: read on every datagram, the common pool would be woken thousands of times/s
        this.flows = Caffeine.newBuilder().maximumSize(maxCachedFlows)
                .expireAfterAccess(Duration.ofMinutes(5)).executor(Runnable::run).build();
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, DatagramPacket packet, List<Object> out) {
        ByteBuf content = packet.content();
        int start = content.readerIndex();
        int end = content.writerIndex();
        while (start < end && (content.getByte(start) == '\r' || content.getByte(start) == '\n')) {
            start++;
        }
        if (start == end) {
            return;
        }
        Flow flow = flows.get(packet.sender(), sender -> new Flow(0, Transport.UDP, ctx.channel(), sender,
                packet.recipient() != null ? packet.recipient() : FlowRegistry.inet(ctx.channel().localAddress())));
        int length = end - start;
        if (length > maxMessageBytes) {
            metrics.frameTooLarge(Transport.UDP);
            out.add(new SipFrame(content.retainedSlice(start, maxMessageBytes), flow, true));
        } else {
            out.add(new SipFrame(content.retainedSlice(start, length), flow));
        }
    }
}
