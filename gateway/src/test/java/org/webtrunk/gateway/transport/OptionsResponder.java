package org.webtrunk.gateway.transport;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.SimpleChannelInboundHandler;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test-only SIP stage: answers OPTIONS with 200 and an oversized frame with 513, echoing the Via, From,
 * To, Call-ID and CSeq lines, over the frame's flow. Stands in for the real SIP decoder in listener tests.
 */
@Sharable
final class OptionsResponder extends SimpleChannelInboundHandler<SipFrame> {
    final AtomicInteger frames = new AtomicInteger();
    /** The names of the threads that handled frames. */
    final Set<String> threads = ConcurrentHashMap.newKeySet();

    void addTo(ChannelPipeline p) {
        p.addLast("test-sip-stage", this);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, SipFrame frame) {
        frames.incrementAndGet();
        threads.add(Thread.currentThread().getName());
        String text = frame.content().toString(StandardCharsets.UTF_8);
        String status;
        if (frame.oversized()) {
            status = "513 Message Too Large";
        } else if (text.startsWith("OPTIONS ")) {
            status = "200 OK";
        } else {
            return;
        }
        StringBuilder reply = new StringBuilder("SIP/2.0 ").append(status).append("\r\n");
        for (String line : text.split("\r\n")) {
            String lower = line.toLowerCase(Locale.ROOT);
            if (lower.startsWith("via:") || lower.startsWith("from:") || lower.startsWith("call-id:")
                    || lower.startsWith("cseq:")) {
                reply.append(line).append("\r\n");
            } else if (lower.startsWith("to:")) {
                reply.append(line).append(line.contains(";tag=") ? "" : ";tag=responder").append("\r\n");
            }
        }
        reply.append("Content-Length: 0\r\n\r\n");
        frame.flow().send(Unpooled.copiedBuffer(reply, StandardCharsets.UTF_8));
    }

    static String options(String transport, String callId) {
        return "OPTIONS sip:gateway@127.0.0.1 SIP/2.0\r\n"
                + "Via: SIP/2.0/" + transport + " client.invalid;branch=z9hG4bK-" + callId + "\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:tester@client.invalid>;tag=t1\r\n"
                + "To: <sip:gateway@127.0.0.1>\r\n"
                + "Call-ID: " + callId + "\r\n"
                + "CSeq: 1 OPTIONS\r\n"
                + "Content-Length: 0\r\n\r\n";
    }
}
