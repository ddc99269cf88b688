package org.webtrunk.gateway.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.socket.DatagramPacket;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * One path back to a peer: the transport, the channel and the remote address a message came in on.
 *
 * <p>Responses and later requests to a browser go back over the flow it used (RFC 7118 §5, RFC 5626):
 * browser Via and Contact hosts are {@code .invalid}, so a flow is the only way to reach them.
 * For UDP the channel is the shared listening socket and the remote address picks the peer.
 */
public final class Flow {
    private final long id;
    private final Transport transport;
    private final Channel channel;
    private final InetSocketAddress remote;
    private final InetSocketAddress local;
    /** The remote host as text, made on first use: replies and replay keys need it per request. */
    private String remoteHost;

    public Flow(long id, Transport transport, Channel channel, InetSocketAddress remote, InetSocketAddress local) {
        this.id = id;
        this.transport = Objects.requireNonNull(transport, "transport");
        this.channel = Objects.requireNonNull(channel, "channel");
        this.remote = Objects.requireNonNull(remote, "remote");
        this.local = Objects.requireNonNull(local, "local");
    }

    /** Unique per connection for connection-oriented transports; 0 for UDP (the remote address is the key). */
    public long id() {
        return id;
    }

    public Transport transport() {
        return transport;
    }

    public Channel channel() {
        return channel;
    }

    public InetSocketAddress remote() {
        return remote;
    }

    /**
     * The remote IP as a SIP host ({@code 192.0.2.1}, {@code [2001:db8::1]}), as a Via's {@code received} or a URI
     * takes it; formatted once per flow, since a UDP flow serves every datagram of its sender. A racy cache of an
     * immutable String, so no lock is needed.
     */
    public String remoteHost() {
        String host = remoteHost;
        if (host == null) {
            host = UriHosts.bracketed(remote.getAddress() != null ? remote.getAddress().getHostAddress()
                    : remote.getHostString());
            remoteHost = host;
        }
        return host;
    }

    public InetSocketAddress local() {
        return local;
    }

    /** True while the connection is up; always true for UDP while the socket is bound. */
    public boolean isOpen() {
        return channel.isActive();
    }

    /**
     * Sends one complete SIP message over this flow. Takes ownership of {@code message}.
     * WebSocket flows send one SIP message per text frame (RFC 7118 §5.2).
     */
    public ChannelFuture send(ByteBuf message) {
        Object out = switch (transport) {
            case UDP -> new DatagramPacket(message, remote);
            case TCP, TLS -> message;
            case WS, WSS -> new TextWebSocketFrame(message);
        };
        return channel.writeAndFlush(out);
    }

    @Override
    public String toString() {
        return transport + ":" + remote.getAddress().getHostAddress() + ":" + remote.getPort()
                + (id != 0 ? "#" + id : "");
    }
}
