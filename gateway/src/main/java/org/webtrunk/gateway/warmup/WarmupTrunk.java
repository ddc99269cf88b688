package org.webtrunk.gateway.warmup;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The warm-up's trunk: a UDP peer on loopback that answers every INVITE 100, 180 and 200 with an SDP answer, every
 * other request 200, and ignores ACKs and responses. One thread; it ends at {@link #close()}.
 */
final class WarmupTrunk implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WarmupTrunk.class);
    private static final String ANSWER = String.join("\r\n",
            "v=0", "o=trunk 1 1 IN IP4 127.0.0.1", "s=-", "c=IN IP4 127.0.0.1", "t=0 0",
            "m=audio 40000 RTP/AVP 0 101", "a=rtpmap:0 PCMU/8000", "a=rtpmap:101 telephone-event/8000",
            "a=sendrecv", "");

    private final DatagramSocket socket;
    private final Thread thread;
    private volatile boolean open = true;

    private WarmupTrunk(DatagramSocket socket) {
        this.socket = socket;
        this.thread = new Thread(this::serve, "warm-up-trunk");
        thread.setDaemon(true);
    }

    static WarmupTrunk start() throws SocketException {
        DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        socket.setSoTimeout(200);
        WarmupTrunk trunk = new WarmupTrunk(socket);
        trunk.thread.start();
        return trunk;
    }

    int port() {
        return socket.getLocalPort();
    }

    private void serve() {
        byte[] buf = new byte[65_535];
        DatagramPacket in = new DatagramPacket(buf, buf.length);
        while (open) {
            try {
                in.setLength(buf.length);
                socket.receive(in);
                answer(new String(buf, 0, in.getLength(), StandardCharsets.ISO_8859_1), in);
            } catch (SocketTimeoutException e) {
                // look at open again
            } catch (IOException | RuntimeException e) {
                if (open) {
                    log.debug("warm-up trunk: {}", e.toString());
                }
            }
        }
    }

    private void answer(String request, DatagramPacket from) throws IOException {
        WarmupMessage text = WarmupMessage.of(request);
        if (text.isResponse() || "ACK".equals(text.method())) {
            return;
        }
        if (!"INVITE".equals(text.method())) {
            send(text.answer(200, "OK", "", ""), from);
            return;
        }
        send(text.answer(100, "Trying", "", ""), from);
        String contact = "Contact: <sip:trunk@127.0.0.1:" + port() + ">\r\n";
        send(text.answer(180, "Ringing", contact, ""), from);
        send(text.answer(200, "OK", contact + "Content-Type: application/sdp\r\n", ANSWER), from);
    }

    private void send(String message, DatagramPacket to) throws IOException {
        byte[] bytes = message.getBytes(StandardCharsets.ISO_8859_1);
        socket.send(new DatagramPacket(bytes, bytes.length, to.getSocketAddress()));
    }

    @Override
    public void close() {
        open = false;
        socket.close();
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
