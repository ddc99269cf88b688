package org.webtrunk.gateway.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.EventLoop;
import io.netty.channel.IoEvent;
import io.netty.channel.IoEventLoop;
import io.netty.channel.IoRegistration;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandle;
import io.netty.channel.epoll.EpollIoOps;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.unix.DatagramSocketAddress;
import io.netty.channel.unix.FileDescriptor;
import io.netty.channel.unix.Socket;
import io.netty.util.concurrent.EventExecutor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Several I/O threads reading and answering one UDP socket, as Kamailio's UDP children share theirs: each
 * thread reads the socket through its own descriptor, added to its epoll set with EPOLLEXCLUSIVE so the kernel
 * wakes one waiting thread per datagram (Linux 4.5+), and hands what it reads to its own channel of the same
 * socket, whose pipeline answers on it. The bound channel is the first thread's channel; none of the channels
 * reads (auto-read off), they carry the pipeline and the writes.
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
    private static final Logger log = LoggerFactory.getLogger(UdpReaders.class);
    /** From linux/eventpoll.h; Netty has no constant for it. */
    static final int EPOLLEXCLUSIVE = 1 << 28;

    private final List<Channel> channels = new ArrayList<>();
    private final List<Reader> readers = new ArrayList<>();

    private UdpReaders() {
    }

    /**
     * Starts one reader on the bound channel's thread and on {@code threads - 1} others of {@code loops}.
     * The bound channel must have auto-read off. On failure everything made so far is closed again and the
     * caller keeps the bound channel alone.
     */
    static UdpReaders start(EpollDatagramChannel bound, int threads, Iterable<EventExecutor> loops,
                            ChannelHandler initializer, int maxDatagram) throws IOException {
        UdpReaders r = new UdpReaders();
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
            throw e;
        }
    }

    private void addReader(EpollDatagramChannel channel, int maxDatagram) throws IOException {
        Reader reader = new Reader(new Socket(UdpSocketDuplicates.duplicate(channel.fd().intValue())), channel,
                maxDatagram);
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

    /** Reads one datagram per wake-up, so a burst is shared with the other threads rather than taken whole. */
    private static final class Reader implements EpollIoHandle {
        private final Socket socket;
        private final Channel channel;
        private final int maxDatagram;
        private long failures; // read and written on the reader's thread only
        private volatile IoRegistration registration;

        Reader(Socket socket, Channel channel, int maxDatagram) {
            this.socket = socket;
            this.channel = channel;
            this.maxDatagram = maxDatagram;
        }

        @Override
        public FileDescriptor fd() {
            return socket;
        }

        @Override
        public void handle(IoRegistration registration, IoEvent event) {
            ByteBuf buf = channel.alloc().directBuffer(maxDatagram, maxDatagram);
            try {
                DatagramSocketAddress sender = buf.hasMemoryAddress()
                        ? socket.recvFromAddress(buf.memoryAddress(), 0, maxDatagram)
                        : socket.recvFrom(buf.internalNioBuffer(0, maxDatagram), 0, maxDatagram);
                if (sender == null) {
                    return; // another thread took it (finally releases the buffer)
                }
                buf.writerIndex(sender.receivedAmount());
                DatagramPacket packet = new DatagramPacket(buf, (InetSocketAddress) channel.localAddress(), sender);
                buf = null;
                channel.pipeline().fireChannelRead(packet);
                channel.pipeline().fireChannelReadComplete();
            } catch (IOException e) {
                long n = ++failures;
                if (Long.bitCount(n) == 1) { // 1st, 2nd, 4th, ...: a persistent error does not flood the log
                    log.warn("UDP receive failed on {} ({} so far): {}", channel.localAddress(), n, e.toString());
                }
            } finally {
                if (buf != null) {
                    buf.release();
                }
            }
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
