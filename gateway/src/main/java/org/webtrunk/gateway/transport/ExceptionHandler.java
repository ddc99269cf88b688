package org.webtrunk.gateway.transport;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Last handler of every pipeline: logs what went wrong and closes the connection. It never writes to the
 * peer, so no stack trace or internal detail reaches a client; the stages that can answer (upgrade guard,
 * SIP sanity) have answered already. On UDP the listening socket is shared, so it stays open.
 * Also releases any message no stage consumed.
 */
@Sharable
final class ExceptionHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(ExceptionHandler.class);
    private static final String UNEXPECTED = "unexpected";

    private final TransportMetrics metrics;
    private final Transport transport;
    private final boolean closeOnError;

    ExceptionHandler(TransportMetrics metrics, Transport transport, boolean closeOnError) {
        this.metrics = metrics;
        this.transport = transport;
        this.closeOnError = closeOnError;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        log.debug("{}: no stage consumed {}", ctx.channel(), msg.getClass().getSimpleName());
        ReferenceCountUtil.release(msg);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        CorruptedWebSocketFrameException ws = find(cause, CorruptedWebSocketFrameException.class);
        if (ws != null) {
            // Netty's frame decoder has already sent the close frame (RFC 6455 §7.4.1); count it.
            WebSocketCloseStatus status = ws.closeStatus();
            metrics.closeSent(status.code());
            if (status.code() == WebSocketCloseStatus.MESSAGE_TOO_BIG.code()) {
                metrics.frameTooLarge(FlowRegistry.flowOf(ctx.channel()) == null ? Transport.WS
                        : FlowRegistry.flowOf(ctx.channel()).transport());
            }
            log.debug("{}: WebSocket protocol violation, closed with {}: {}", ctx.channel(), status.code(),
                    ws.getMessage());
        } else {
            String kind = kindOf(cause);
            metrics.pipelineError(transport, kind);
            if (kind.equals(UNEXPECTED)) {
                log.warn("{}: unexpected error, closing: {}", ctx.channel(), cause.toString(), cause);
            } else {
                log.debug("{}: {}", ctx.channel(), cause.toString());
            }
        }
        if (closeOnError) {
            ctx.close();
        }
    }

    /** tls before io: an SSLException is an IOException. */
    private static String kindOf(Throwable cause) {
        if (find(cause, SSLException.class) != null) {
            return "tls";
        }
        if (find(cause, IOException.class) != null) {
            return "io";
        }
        return cause instanceof DecoderException ? "decode" : UNEXPECTED;
    }

    private static <T extends Throwable> T find(Throwable t, Class<T> type) {
        for (int depth = 0; t != null && depth < 8; depth++, t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
