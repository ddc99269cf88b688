package org.webtrunk.gateway.warmup;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/** A warm-up caller over TCP: one connection, messages framed by Content-Length (RFC 3261 §18.3). */
final class TcpPipe implements SipPipe {
    private static final int MAX_MESSAGE = 65_535;

    private final Socket socket;
    private final InputStream in;
    private byte[] buf = new byte[8_192];
    private int length;

    TcpPipe(int gatewayPort) throws IOException {
        socket = new Socket();
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), gatewayPort), 2_000);
        socket.setTcpNoDelay(true);
        in = socket.getInputStream();
    }

    @Override
    public String transport() {
        return "TCP";
    }

    @Override
    public String sentBy() {
        return "127.0.0.1:" + socket.getLocalPort();
    }

    @Override
    public void send(String message) throws IOException {
        socket.getOutputStream().write(message.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Override
    public String receive(long timeoutMillis) throws IOException {
        socket.setSoTimeout((int) Math.max(1, timeoutMillis));
        while (true) {
            String message = take();
            if (message != null) {
                return message;
            }
            if (length == buf.length) {
                if (buf.length >= MAX_MESSAGE) {
                    throw new IOException("message over " + MAX_MESSAGE + " bytes");
                }
                buf = Arrays.copyOf(buf, buf.length * 2);
            }
            int n;
            try {
                n = in.read(buf, length, buf.length - length);
            } catch (SocketTimeoutException e) {
                return null;
            }
            if (n < 0) {
                throw new IOException("the gateway closed the connection");
            }
            length += n;
        }
    }

    /** One whole message from the buffer, or null when it is not all there yet. */
    private String take() throws IOException {
        int start = 0;
        while (start + 1 < length && buf[start] == '\r' && buf[start + 1] == '\n') {
            start += 2; // keep-alive CRLFs between messages
        }
        String text = new String(buf, start, length - start, StandardCharsets.ISO_8859_1);
        int headEnd = text.indexOf("\r\n\r\n");
        if (headEnd < 0) {
            compact(start);
            return null;
        }
        int total = headEnd + 4 + contentLength(text.substring(0, headEnd));
        if (text.length() < total) {
            compact(start);
            return null;
        }
        compact(start + total);
        return text.substring(0, total);
    }

    private static int contentLength(String head) throws IOException {
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            String name = colon < 0 ? "" : line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            if (name.equals("content-length") || name.equals("l")) {
                try {
                    return Integer.parseInt(line.substring(colon + 1).trim());
                } catch (NumberFormatException e) {
                    throw new IOException("bad Content-Length: " + line);
                }
            }
        }
        throw new IOException("no Content-Length on a stream");
    }

    private void compact(int consumed) {
        System.arraycopy(buf, consumed, buf, 0, length - consumed);
        length -= consumed;
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing a loopback socket of our own: nothing to do
        }
    }
}
