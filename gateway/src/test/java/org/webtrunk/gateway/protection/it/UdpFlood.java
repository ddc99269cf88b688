package org.webtrunk.gateway.protection.it;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.LockSupport;

/**
 * A paced flood of OPTIONS datagrams from one source address, the way a misbehaving or hostile peer would send
 * them: a tight loop on one socket, topped up every 0.2 ms to the target rate, for a bounded time.
 */
final class UdpFlood implements AutoCloseable {
    private final DatagramSocket socket;
    private final DatagramPacket packet;
    private final int perSecond;
    private final Duration length;
    private final Thread thread;
    private final Thread receiver;
    private final java.util.concurrent.atomic.AtomicLong answers = new java.util.concurrent.atomic.AtomicLong();
    private volatile Instant started;
    private volatile long sent;
    private volatile IOException failure;

    UdpFlood(String sourceIp, int gatewayPort, int perSecond, Duration length) throws IOException {
        this.socket = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(sourceIp), 0));
        byte[] req = EdgeTestSupport.options((InetSocketAddress) socket.getLocalSocketAddress(), gatewayPort,
                "flood-" + sourceIp);
        this.packet = new DatagramPacket(req, req.length, new InetSocketAddress("127.0.0.1", gatewayPort));
        this.perSecond = perSecond;
        this.length = length;
        this.thread = new Thread(this::run, "udp-flood-" + sourceIp);
        thread.setDaemon(true);
        this.receiver = new Thread(this::receive, "udp-flood-answers-" + sourceIp);
        receiver.setDaemon(true);
    }

    /** Counts the gateway's answers to the flood until the socket is closed. */
    private void receive() {
        DatagramPacket answer = new DatagramPacket(new byte[4096], 4096);
        try {
            while (true) {
                socket.receive(answer);
                answers.incrementAndGet();
            }
        } catch (IOException closed) {
            // the flood is over
        }
    }

    /** Datagrams the gateway sent back to the flooding address so far. */
    long answers() {
        return answers.get();
    }

    /** Starts the flood and returns the wall-clock time just before its first datagram. */
    Instant start() throws InterruptedException {
        receiver.start();
        thread.start();
        while (started == null && thread.isAlive()) {
            Thread.sleep(1);
        }
        return started;
    }

    private void run() {
        started = Instant.now();
        long t0 = System.nanoTime();
        long end = t0 + length.toNanos();
        long n = 0;
        try {
            for (long now = t0; now < end; now = System.nanoTime()) {
                long due = (now - t0) * perSecond / 1_000_000_000L + 1;
                while (n < due) {
                    socket.send(packet);
                    n++;
                }
                sent = n;
                LockSupport.parkNanos(200_000);
            }
        } catch (IOException e) {
            failure = e;
        } finally {
            sent = n;
        }
    }

    /** Waits for the flood to end (bounded by its length plus {@code slack}); returns the datagrams sent. */
    long await(Duration slack) throws Exception {
        thread.join(length.plus(slack).toMillis());
        if (thread.isAlive()) {
            throw new AssertionError("flood still running after " + length.plus(slack));
        }
        if (failure != null) {
            throw failure;
        }
        return sent;
    }

    @Override
    public void close() {
        socket.close();
        try {
            thread.join(2000);
            receiver.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
