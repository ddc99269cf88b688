package org.webtrunk.gateway.transport;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A hand-made WebSocket client over a plain socket, for frames a real client would never send. */
final class RawWebSocket implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    RawWebSocket(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(5000);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    /** Sends an upgrade offering {@code sip} from {@code origin} and returns the response head. */
    String upgrade(String origin) throws IOException {
        send(("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                + "Origin: " + origin + "\r\nSec-WebSocket-Protocol: sip\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.write(b);
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    void send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** A final frame with the given opcode, masked with a fixed key unless {@code masked} is false. */
    static byte[] frame(int opcode, byte[] payload, boolean masked) {
        ByteArrayOutputStream f = new ByteArrayOutputStream();
        f.write(0x80 | opcode);
        int maskBit = masked ? 0x80 : 0;
        if (payload.length < 126) {
            f.write(maskBit | payload.length);
        } else {
            f.write(maskBit | 126);
            f.write(payload.length >> 8);
            f.write(payload.length & 0xff);
        }
        byte[] key = {1, 2, 3, 4};
        if (masked) {
            f.write(key, 0, 4);
        }
        for (int i = 0; i < payload.length; i++) {
            f.write(masked ? payload[i] ^ key[i % 4] : payload[i]);
        }
        return f.toByteArray();
    }

    /** Reads frames until a close frame and returns its status code; -1 if the connection ends first. */
    int readCloseCode() throws IOException {
        DataInputStream d = new DataInputStream(in);
        while (true) {
            int b0 = d.read();
            if (b0 < 0) {
                return -1;
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
            if ((b0 & 0x0f) == 8) {
                return payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
            }
        }
    }

    /** True when the server has closed the connection (EOF) within the socket timeout. */
    boolean closedByServer() throws IOException {
        try {
            while (true) {
                if (in.read() < 0) {
                    return true;
                }
            }
        } catch (java.net.SocketException e) {
            return true; // reset
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
