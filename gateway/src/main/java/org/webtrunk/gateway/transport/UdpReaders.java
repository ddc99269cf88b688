package org.webtrunk.gateway.transport;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.EventLoop;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.IoEvent;
import io.netty.channel.IoEventLoop;
import io.netty.channel.IoRegistration;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandle;
import io.netty.channel.epoll.EpollIoOps;
import io.netty.channel.unix.FileDescriptor;
import io.netty.channel.unix.Socket;
import io.netty.util.concurrent.EventExecutor;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Several I/O threads reading and answering one UDP socket, as Kamailio's UDP children share theirs: each
 * thread has a descriptor of the socket in its epoll set, added with EPOLLEXCLUSIVE so the kernel wakes one
 * waiting thread per datagram (Linux 4.5+), and on that wake-up its own channel of the same socket reads one
 * datagram and answers on it. The bound channel is the first thread's channel. The channels never ask epoll
 * for reads themselves (auto-read off): they are woken only through their reader.
 *
 * <p>Why: with one thread, the scheduler tends to run it on the core of the process that sends to it (a
 * load generator, a media relay on the same host), where it waits for that process's turn while the other
 * core idles; Kamailio's workers, woken in turn, are spread out. Why not a Netty channel on each thread:
 * Netty adds a descriptor to epoll first and asks for reads later, and EPOLLEXCLUSIVE is only accepted when
 * a descriptor is added, so every thread would wake for every datagram (measured: 40-51 % more CPU). Why
 * not SO_REUSEPORT: the kernel gives each sender to one socket, so one busy trunk would stay on one thread.
 * Why the first-added reader always goes first: moving a reader to the back after each wake-up (as a blocked
 * recvfrom is, so Kamailio's workers take turns) removed two thirds of the wake-ups but no CPU (stop 17).
 */
final class UdpReaders implements AutoCloseable {
    /** From linux/eventpoll.h; Netty has no constant for it. */
    static final int EPOLLEXCLUSIVE = 1 << 28;

    private final List<Channel> channels = new ArrayList<>();
    private final List<Reader> readers = new ArrayList<>();

    private UdpReaders() {
    }

    /**
     * Starts one reader on the bound channel's thread and on {@code threads - 1} others of {@code loops}.
     * The bound channel must have auto-read off. On failure everything made so far is closed again and the
     * caller keeps the bound channel alone, reading as it was set up to.
     */
    static UdpReaders start(EpollDatagramChannel bound, int threads, Iterable<EventExecutor> loops,
                            ChannelHandler initializer, int maxDatagram) throws IOException {
        UdpReaders r = new UdpReaders();
        RecvByteBufAllocator boundReads = bound.config().getRecvByteBufAllocator();
        try {
            r.addReader(bound, maxDatagram);
            for (EventExecutor e : loops) {
                if (r.readers.size() >= threads) {
                    break;
                }
                if (e == bound.eventLoop()) {
                    continue;
                }
                int fd = UdpSocketDuplicates.duplicate(bound.fd().intValue());
                EpollDatagramChannel ch = new EpollDatagramChannel(fd);
                r.channels.add(ch); // closed by close() from here on, registered or not
                ch.config().setAutoRead(false);
                ch.pipeline().addLast(initializer);
                ((EventLoop) e).register(ch).syncUninterruptibly();
                r.addReader(ch, maxDatagram);
            }
            return r;
        } catch (IOException | RuntimeException e) {
            r.close();
            bound.config().setRecvByteBufAllocator(boundReads);
            throw e;
        }
    }

    private void addReader(EpollDatagramChannel channel, int maxDatagram) throws IOException {
        channel.config().setRecvByteBufAllocator(new FixedRecvByteBufAllocator(maxDatagram).maxMessagesPerRead(1));
        Reader reader = new Reader(new Socket(UdpSocketDuplicates.duplicate(channel.fd().intValue())), channel);
        readers.add(reader); // stopped by close() from here on
        IoEventLoop loop = (IoEventLoop) channel.eventLoop();
        IoRegistration registration = loop.register(reader).syncUninterruptibly().getNow();
        reader.registration = registration;
        loop.submit(() -> registration.submit(EpollIoOps.valueOf(EpollIoOps.EPOLLIN.value() | EPOLLEXCLUSIVE)))
                .syncUninterruptibly();
    }

    int threads() {
        return readers.size();
    }

    /** The channel of the calling thread, if it is one of the readers', else null. */
    Channel channelOfThisThread() {
        for (Reader r : readers) {
            if (r.channel.eventLoop().inEventLoop()) {
                return r.channel;
            }
        }
        return null;
    }

    /** Stops the readers and closes the channels this made (not the bound one). */
    @Override
    public void close() {
        for (Reader r : readers) {
            r.stop();
        }
        readers.clear();
        for (Channel ch : channels) {
            ch.close().awaitUninterruptibly(1000);
        }
        channels.clear();
    }

    /**
     * Wakes on its own descriptor (the one added with EPOLLEXCLUSIVE) and lets its channel read: Netty's own
     * datagram read (recvmsg into a native packet, no Java objects made from native code, read errors into the
     * pipeline), one datagram per wake-up, so a burst is shared with the other threads rather than taken whole.
     */
    private static final class Reader implements EpollIoHandle {
        private final Socket socket;
        private final Channel channel;
        private final EpollIoHandle channelIo;
        private volatile IoRegistration registration;

        Reader(Socket socket, Channel channel) {
            this.socket = socket;
            this.channel = channel;
            // Netty's epoll channels read through this handle; should a later Netty differ, the cast fails
            // inside start() and the listener falls back to one thread, as where EPOLLEXCLUSIVE is missing
            this.channelIo = (EpollIoHandle) channel.unsafe();
        }

        @Override
        public FileDescriptor fd() {
            return socket;
        }

        @Override
        public void handle(IoRegistration registration, IoEvent event) {
            channelIo.handle(registration, event); // the channel's read, on its own descriptor of the socket
        }

        /** Leaves the epoll set (on its thread) and closes this reader's descriptor. */
        void stop() {
            IoRegistration r = registration;
            if (r != null && channel.eventLoop().isShuttingDown()) {
                close();
                return;
            }
            if (r != null) {
                channel.eventLoop().submit(() -> {
                    r.cancel();
                    close();
                }).awaitUninterruptibly(1000);
            } else {
                close();
            }
        }

        @Override
        public void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing our own descriptor of a socket the bound channel still holds: nothing to recover
            }
        }
    }
}
