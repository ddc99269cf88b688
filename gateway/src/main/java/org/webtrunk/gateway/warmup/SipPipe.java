package org.webtrunk.gateway.warmup;

import java.io.IOException;

/** One warm-up caller's connection to the gateway: whole SIP messages in and out, over one transport. */
interface SipPipe extends AutoCloseable {
    /** The Via transport token: UDP, TCP or WS. */
    String transport();

    /** The Via sent-by (host or host:port) and the Contact host of this caller. */
    String sentBy();

    void send(String message) throws IOException;

    /** The next message, or null when none came within {@code timeoutMillis}. */
    String receive(long timeoutMillis) throws IOException, InterruptedException;

    @Override
    void close();
}
