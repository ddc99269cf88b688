package org.webtrunk.gateway.tenant;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import org.webtrunk.gateway.proxy.Originator;

/**
 * Probes a trunk target that was marked down with an out-of-dialog OPTIONS (RFC 3261 §11), through a
 * client transaction of the gateway's own. Any answer from the target, even 4xx, shows it is alive;
 * no answer (408 from Timer F) or no route to it (503) keeps it down.
 */
public final class OptionsProbe implements TargetProbe {
    private final Originator originator;
    private final String fromHost;

    /** @param fromHost the gateway's own host, for the From header */
    public OptionsProbe(Originator originator, String fromHost) {
        this.originator = originator;
        this.fromHost = fromHost;
    }

    @Override
    public CompletionStage<Boolean> probe(TrunkTarget target) {
        CompletableFuture<Boolean> result = new CompletableFuture<>();
        String hostPort = target.address().getAddress().getHostAddress() + ":" + target.address().getPort();
        String uri = "sip:" + hostPort + (target.transport() == org.webtrunk.gateway.transport.Transport.UDP ? ""
                : ";transport=" + target.transport().uriParam());
        long id = ThreadLocalRandom.current().nextLong() >>> 1;
        String request = "OPTIONS " + uri + " SIP/2.0\r\n"
                + "Max-Forwards: 70\r\n"
                + "To: <" + uri + ">\r\n"
                + "From: <sip:probe@" + fromHost + ">;tag=p" + Long.toString(id, 36) + "\r\n"
                + "Call-ID: probe-" + Long.toString(id, 36) + "@" + fromHost + "\r\n"
                + "CSeq: 1 OPTIONS\r\n"
                + "Content-Length: 0\r\n\r\n";
        originator.send(target.proxyTarget(), request,
                status -> result.complete(status != 408 && status != 503));
        return result;
    }
}
