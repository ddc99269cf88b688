package org.webtrunk.gateway.admin;

import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;

/**
 * One admin endpoint. Runs on the admin event loop, so it must be quick (read a table, not wait on one).
 * An exception becomes a bare 500; its message is logged, never sent.
 */
@FunctionalInterface
public interface AdminRoute {
    FullHttpResponse handle(FullHttpRequest request) throws Exception;
}
