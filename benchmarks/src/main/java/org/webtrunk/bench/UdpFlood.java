package org.webtrunk.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;

/**
 * Sends SIP OPTIONS datagrams from one source address as fast as one thread can (or paced), for
 * {@code scripts/bench/banned-drop-rate.sh}. Loopback only; bounded by a packet count and a time limit. Depends
 * on the JDK alone, so it also runs as a single source file ({@code java UdpFlood.java ...}).
 *
 * <p>Usage: {@code UdpFlood <source-ip> <target-port> <packets> <max-seconds> [packets-per-second]}. Prints one
 * line: {@code sent=<n> seconds=<s> rate=<n/s>}.
 */
public final class UdpFlood {
    private UdpFlood() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 4) {
            System.err.println("usage: UdpFlood <source-ip> <target-port> <packets> <max-seconds> [packets-per-second]");
            System.exit(2);
        }
        InetAddress source = InetAddress.getByName(args[0]);
        if (!source.isLoopbackAddress()) {
            System.err.println("UdpFlood: loopback sources only (127.0.0.0/8, ::1)");
            System.exit(2);
        }
        int port = Integer.parseInt(args[1]);
        long packets = Long.parseLong(args[2]);
        long maxNanos = (long) (Double.parseDouble(args[3]) * 1e9);
        long perSecond = args.length > 4 ? Long.parseLong(args[4]) : 0;
        try (DatagramChannel ch = DatagramChannel.open()) {
            ch.bind(new InetSocketAddress(source, 0));
            ch.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            ByteBuffer msg = ByteBuffer.wrap(options(source.getHostAddress(), ((InetSocketAddress) ch.getLocalAddress())
                    .getPort(), port));
            long t0 = System.nanoTime();
            long sent = 0;
            long now = t0;
            while (sent < packets && now - t0 < maxNanos) {
                long due = perSecond == 0 ? packets : Math.min(packets, (now - t0) * perSecond / 1_000_000_000L + 1);
                for (int burst = 0; sent < due && burst < 1024; burst++) {
                    msg.rewind();
                    try {
                        ch.write(msg);
                    } catch (java.net.PortUnreachableException e) {
                        // an ICMP error from a previous datagram; keep sending
                    }
                    sent++;
                }
                now = System.nanoTime();
                if (perSecond != 0 && sent >= due) {
                    java.util.concurrent.locks.LockSupport.parkNanos(100_000);
                    now = System.nanoTime();
                }
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf("sent=%d seconds=%.3f rate=%.0f%n", sent, seconds, sent / seconds);
        }
    }

    static byte[] options(String host, int localPort, int port) {
        return ("OPTIONS sip:127.0.0.1:" + port + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP " + host + ":" + localPort + ";branch=z9hG4bK-flood\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:flood@" + host + ">;tag=flood\r\n"
                + "To: <sip:127.0.0.1:" + port + ">\r\n"
                + "Call-ID: flood@" + host + "\r\n"
                + "CSeq: 1 OPTIONS\r\n"
                + "Content-Length: 0\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }
}
