package org.webtrunk.gateway.transport;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Closes a TCP/TLS connection from which nothing has been read for the idle timeout; CRLF keep-alives
 * (RFC 5626 §3.5.1) count as reads. Bounds how long a dead or silent peer holds a file descriptor.
 */
final class IdleCloser extends IdleStateHandler {
    IdleCloser(Duration idleTimeout) {
        super(idleTimeout.toMillis(), 0, 0, TimeUnit.MILLISECONDS);
    }

    @Override
    protected void channelIdle(ChannelHandlerContext ctx, IdleStateEvent evt) {
        ctx.close();
    }
}
