package org.webtrunk.gateway.warmup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The warm-up's TCP caller splits the stream into messages by Content-Length, over a real loopback connection. */
class TcpPipeTest {
    private static final String FIRST = "SIP/2.0 100 Trying\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n";
    private static final String SECOND = "SIP/2.0 200 OK\r\nCSeq: 1 INVITE\r\nl: 4\r\n\r\nv=0\n";

    @Test
    void messagesAreSplitByContentLengthWhateverTheSegmentsAndKeepAlivesBetween() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             TcpPipe pipe = new TcpPipe(server.getLocalPort());
             Socket peer = server.accept()) {
            OutputStream out = peer.getOutputStream();
            out.write(("\r\n\r\n" + FIRST + SECOND.substring(0, 20)).getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            assertEquals(FIRST, pipe.receive(2_000));
            assertNull(pipe.receive(50), "half a message is not a message");
            out.write(SECOND.substring(20).getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            assertEquals(SECOND, pipe.receive(2_000));
        }
    }

    @Test
    void aStreamWithoutContentLengthIsAnError() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             TcpPipe pipe = new TcpPipe(server.getLocalPort());
             Socket peer = server.accept()) {
            peer.getOutputStream().write("SIP/2.0 200 OK\r\nCSeq: 1 BYE\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            assertThrows(IOException.class, () -> pipe.receive(2_000));
        }
    }
}
