package org.webtrunk.gateway.token;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.util.List;
import org.webtrunk.auth.EphemeralCredentials;

/**
 * The service's HTTP answers: JSON bodies, never cached ({@code Cache-Control: no-store}, RFC 9111 §5.2.2.5: they
 * carry a password) and never sniffed as anything else.
 */
final class TokenResponses {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TokenResponses() {
    }

    /**
     * {@code {"username","password","ttl","uris","realm","expires"}}: the TURN REST draft's answer
     * (draft-uberti-behave-turn-rest-00 §2.2) with the Digest realm and the expiry in Unix seconds added.
     */
    static FullHttpResponse credentials(EphemeralCredentials c, List<String> uris, String realm) {
        ObjectNode body = JSON.createObjectNode();
        body.put("username", c.username());
        body.put("password", c.password());
        body.put("ttl", c.ttl());
        ArrayNode list = body.putArray("uris");
        uris.forEach(list::add);
        body.put("realm", realm);
        body.put("expires", c.expires());
        return NoStoreResponses.json(HttpResponseStatus.OK, body);
    }

    /** {@code {"error": code, "message": text}} with the outcome's status. */
    static FullHttpResponse error(TokenOutcome outcome, String message) {
        ObjectNode body = JSON.createObjectNode();
        body.put("error", outcome.code());
        body.put("message", message != null ? message : outcome.message());
        return NoStoreResponses.json(outcome.status(), body);
    }

    /** 204 for a preflight. */
    static FullHttpResponse noContent() {
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NO_CONTENT,
                Unpooled.EMPTY_BUFFER);
        r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
        return r;
    }
}
