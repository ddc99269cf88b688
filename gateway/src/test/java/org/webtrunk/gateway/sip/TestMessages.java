package org.webtrunk.gateway.sip;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.webtrunk.gateway.transport.Flow;
import org.webtrunk.gateway.transport.Transport;

/** Test helpers: flows on a test channel, messages from text, the corpus under sip-corpus/. */
public final class TestMessages {
    public static final InetSocketAddress CLIENT = new InetSocketAddress("192.0.2.99", 50123);
    public static final InetSocketAddress LOCAL = new InetSocketAddress("192.0.2.1", 5060);

    private TestMessages() {
    }

    public static Flow flow(Transport transport, Channel channel) {
        return new Flow(transport == Transport.UDP ? 0 : 7, transport, channel, CLIENT, LOCAL);
    }

    /** Text with LF line ends becomes CRLF, as on the wire. */
    public static byte[] wire(String text) {
        return text.replace("\r\n", "\n").replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    public static SipMessage decode(String text, Flow flow) {
        return SipMessage.decode(Unpooled.wrappedBuffer(wire(text)), flow, 256, false);
    }

    public static SipMessage decode(byte[] bytes, Flow flow) {
        return SipMessage.decode(Unpooled.wrappedBuffer(bytes), flow, 256, false);
    }

    /** The files of {@code sip-corpus/<dir>}, by name without ".sip", sorted. */
    public static Map<String, byte[]> corpus(String dir) {
        try {
            Path root = Paths.get(TestMessages.class.getResource("/sip-corpus/" + dir).toURI());
            Map<String, byte[]> out = new TreeMap<>();
            try (Stream<Path> files = Files.list(root)) {
                for (Path p : files.filter(f -> f.toString().endsWith(".sip")).toList()) {
                    out.put(p.getFileName().toString().replace(".sip", ""), Files.readAllBytes(p));
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every corpus file, keyed "dir/name". */
    public static Map<String, byte[]> allCorpus() {
        Map<String, byte[]> out = new TreeMap<>();
        for (String dir : List.of("jssip", "sipp", "rfc4475/valid", "rfc4475/invalid")) {
            corpus(dir).forEach((k, v) -> out.put(dir + "/" + k, v));
        }
        return out;
    }

    public static List<String> lines(String text) {
        return new ArrayList<>(List.of(text.split("\r\n", -1)));
    }

    /** A minimal valid request, LF line ends; {@code extra} lines go before Content-Length. */
    public static String request(String method, String ruri, String... extra) {
        StringBuilder sb = new StringBuilder();
        sb.append(method).append(' ').append(ruri).append(" SIP/2.0\n")
          .append("Via: SIP/2.0/WSS df7jal23ls0d.invalid;branch=z9hG4bK776asdhds;rport\n")
          .append("Max-Forwards: 70\n")
          .append("To: <sip:bob@example.com>\n")
          .append("From: \"Alice\" <sip:alice@example.com>;tag=1928301774\n")
          .append("Call-ID: a84b4c76e66710\n")
          .append("CSeq: 314159 ").append(method).append('\n');
        for (String e : extra) {
            sb.append(e).append('\n');
        }
        sb.append("Content-Length: 0\n\n");
        return sb.toString();
    }

    /** Flow for tests that never write (decoding only). */
    public static Flow detachedFlow(Transport transport) {
        return flow(transport, new io.netty.channel.embedded.EmbeddedChannel());
    }

    public static Transport[] transports() {
        return Transport.values();
    }
}
