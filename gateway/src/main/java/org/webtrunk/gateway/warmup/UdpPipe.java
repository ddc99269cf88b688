package org.webtrunk.gateway.warmup;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** A warm-up caller over UDP: one socket on loopback, connected to the gateway's UDP listener. */
final class UdpPipe implements SipPipe {
    private final DatagramSocket socket;
    private final byte[] buf = new byte[65_535];

    UdpPipe(int gatewayPort) throws IOException {
        socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), gatewayPort));
    }

    @Override
    public String transport() {
        return "UDP";
    }

    @Override
    public String sentBy() {
        return "127.0.0.1:" + socket.getLocalPort();
    }

    @Override
    public void send(String message) throws IOException {
        byte[] bytes = message.getBytes(StandardCharsets.ISO_8859_1);
        socket.send(new DatagramPacket(bytes, bytes.length));
    }

    @Override
    public String receive(long timeoutMillis) throws IOException {
        socket.setSoTimeout((int) Math.max(1, timeoutMillis));
        DatagramPacket in = new DatagramPacket(buf, buf.length);
        try {
            socket.receive(in);
        } catch (SocketTimeoutException e) {
            return null;
        }
        return new String(buf, 0, in.getLength(), StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() {
        socket.close();
    }
}
