package org.webtrunk.gateway.protection.it;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A minimal WebSocket client (RFC 6455) over a plain socket bound to a chosen 127.x.y.z source address, so a
 * test can play several distinct peers; java.net.http cannot choose its source address. Speaks the upgrade with
 * subprotocol {@code sip} (RFC 7118) and masked text frames; every read is bounded by the socket timeout.
 */
final class BoundWebSocket implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    /** Connects from {@code sourceIp} (any port); reads time out after {@code readTimeout}. */
    BoundWebSocket(String sourceIp, int port, Duration readTimeout) throws IOException {
        socket = new Socket();
        socket.bind(new InetSocketAddress(InetAddress.getByName(sourceIp), 0));
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        socket.setSoTimeout((int) readTimeout.toMillis());
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    /** The upgrade request a JsSIP client sends (no Origin, like the Node client). */
    static byte[] upgradeRequest() {
        return ("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                + "Sec-WebSocket-Protocol: sip\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Sends the upgrade and returns the response head (status line and headers); empty if the server closed the
     * connection without answering.
     */
    String upgrade() throws IOException {
        try {
            send(upgradeRequest());
        } catch (SocketException closed) {
            return "";
        }
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        try {
            while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    break;
                }
                head.write(b);
            }
        } catch (SocketException reset) {
            // closed by the server: what was read so far is the answer
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    void send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** One SIP message as a masked text frame. */
    void sendText(String text) throws IOException {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream f = new ByteArrayOutputStream();
        f.write(0x81);
        if (payload.length < 126) {
            f.write(0x80 | payload.length);
        } else {
            f.write(0x80 | 126);
            f.write(payload.length >> 8);
            f.write(payload.length & 0xff);
        }
        byte[] key = {0x11, 0x22, 0x33, 0x44};
        f.write(key, 0, 4);
        for (int i = 0; i < payload.length; i++) {
            f.write(payload[i] ^ key[i % 4]);
        }
        send(f.toByteArray());
    }

    /** The next text frame's payload (skipping pings and other control frames); null on close or EOF. */
    String readText() throws IOException {
        DataInputStream d = new DataInputStream(in);
        while (true) {
            int b0;
            try {
                b0 = d.read();
            } catch (SocketException reset) {
                return null;
            }
            if (b0 < 0) {
                return null;
            }
            int b1 = d.readUnsignedByte();
            long len = b1 & 0x7f;
            if (len == 126) {
                len = d.readUnsignedShort();
            } else if (len == 127) {
                len = d.readLong();
            }
            byte[] payload = new byte[(int) len];
            d.readFully(payload);
            int opcode = b0 & 0x0f;
            if (opcode == 8) {
                return null;
            }
            if (opcode == 1) {
                return new String(payload, StandardCharsets.UTF_8);
            }
        }
    }

    /** True when the server closes the connection (EOF or reset) before the read timeout; false on timeout. */
    boolean closedByServer() throws IOException {
        try {
            while (in.read() >= 0) {
                // discard whatever comes before the end
            }
            return true;
        } catch (SocketException | EOFException e) {
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
