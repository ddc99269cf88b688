package org.webtrunk.gateway.transport;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The event loops shared by every listener: one boss thread accepts, {@code workers} threads do the I/O.
 * Native epoll where it loads (fewer copies and syscalls), NIO otherwise.
 */
final class EventLoops {
    private static final Logger log = LoggerFactory.getLogger(EventLoops.class);

    private final boolean epoll;
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;

    EventLoops(int workerThreads) {
        this.epoll = Epoll.isAvailable();
        IoHandlerFactory factory = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        this.boss = new MultiThreadIoEventLoopGroup(1, factory);
        this.workers = new MultiThreadIoEventLoopGroup(workerThreads, factory);
        log.info("transport: {} with {} worker threads", epoll ? "native epoll" : "NIO", workerThreads);
    }

    boolean nativeEpoll() {
        return epoll;
    }

    EventLoopGroup boss() {
        return boss;
    }

    EventLoopGroup workers() {
        return workers;
    }

    Class<? extends ServerChannel> serverChannelType() {
        return epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    Class<? extends Channel> socketChannelType() {
        return epoll ? io.netty.channel.epoll.EpollSocketChannel.class
                : io.netty.channel.socket.nio.NioSocketChannel.class;
    }

    Class<? extends Channel> datagramChannelType() {
        return epoll ? EpollDatagramChannel.class : NioDatagramChannel.class;
    }

    /** Stops both groups, waiting at most {@code timeout} in total. */
    void shutdown(Duration timeout) {
        long quietMillis = Math.min(100, timeout.toMillis() / 4);
        var b = boss.shutdownGracefully(quietMillis, timeout.toMillis(), TimeUnit.MILLISECONDS);
        var w = workers.shutdownGracefully(quietMillis, timeout.toMillis(), TimeUnit.MILLISECONDS);
        b.awaitUninterruptibly(timeout.toMillis());
        w.awaitUninterruptibly(timeout.toMillis());
    }
}
