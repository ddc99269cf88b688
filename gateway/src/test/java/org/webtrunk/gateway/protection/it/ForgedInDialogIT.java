package org.webtrunk.gateway.protection.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.webtrunk.gateway.testsupport.FreePorts;
import org.webtrunk.gateway.testsupport.RunningGateway;
import org.webtrunk.gateway.transport.Transport;

/**
 * The gateway is no open relay for requests that only look in-dialog: a To tag and a Route naming the gateway,
 * sent unauthenticated from an outsider over UDP, a BYE and a "re-INVITE" aimed at a third host on loopback.
 * Both get 481 and the third host receives nothing.
 */
class ForgedInDialogIT {
    private static final String OUTSIDER = "127.0.0.7";
    private static final String VICTIM = "127.0.0.8";

    @TempDir
    Path tmp;

    @Test
    void forgedInDialogRequestsGet481AndAreNotRelayed() throws Exception {
        List<Integer> ports = FreePorts.distinct(1);
        try (RunningGateway gateway = RunningGateway.start(tmp, EdgeTestSupport.config("127.0.0.3", ports.get(0), ""));
             DatagramSocket outsider = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(OUTSIDER), 0));
             DatagramSocket victim = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(VICTIM), 0))) {
            int gwPort = gateway.port(Transport.UDP);
            InetSocketAddress gw = new InetSocketAddress("127.0.0.1", gwPort);
            outsider.setSoTimeout((int) EdgeTestSupport.WAIT.toMillis());
            for (String method : List.of("BYE", "INVITE")) {
                byte[] forged = forged(method, outsider.getLocalPort(), gwPort, victim.getLocalPort());
                outsider.send(new DatagramPacket(forged, forged.length, gw));
                assertEquals("SIP/2.0 481 Call/Transaction Does Not Exist", statusLine(outsider), method);
            }
            assertNull(received(victim, Duration.ofSeconds(1)), "nothing reached the third host");
            assertEquals(2.0, gateway.metric("webtrunk_dialog_requests_refused_total", "reason=\"unknown-dialog\""));
        }
    }

    private static byte[] forged(String method, int outsiderPort, int gwPort, int victimPort) {
        return (method + " sip:anyone@" + VICTIM + ":" + victimPort + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP " + OUTSIDER + ":" + outsiderPort + ";branch=z9hG4bK-forged-" + method + "\r\n"
                + "Route: <sip:127.0.0.1:" + gwPort + ";lr>\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:mallory@example.com>;tag=f1\r\n"
                + "To: <sip:" + EdgeTestSupport.NUMBER + "@example.com>;tag=t1\r\n"
                + "Call-ID: forged-" + method + "@edge-it\r\n"
                + "CSeq: 2 " + method + "\r\n"
                + "Content-Length: 0\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    private static String statusLine(DatagramSocket s) throws IOException {
        byte[] buf = new byte[4096];
        DatagramPacket reply = new DatagramPacket(buf, buf.length);
        s.receive(reply);
        String text = new String(reply.getData(), 0, reply.getLength(), StandardCharsets.US_ASCII);
        return text.substring(0, Math.max(0, text.indexOf("\r\n")));
    }

    private static String received(DatagramSocket s, Duration wait) throws IOException {
        s.setSoTimeout((int) wait.toMillis());
        byte[] buf = new byte[4096];
        try {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            s.receive(p);
            return new String(p.getData(), 0, p.getLength(), StandardCharsets.US_ASCII);
        } catch (SocketTimeoutException e) {
            return null;
        }
    }
}
