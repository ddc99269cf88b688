package org.webtrunk.gateway.protection;

import java.time.Duration;
import java.util.List;

/**
 * Admin view: the addresses that sent the most requests in their current flood window.
 *
 * @param window  the flood sampling window the counts cover
 * @param talkers busiest first
 */
public record TopTalkers(Duration window, List<Talker> talkers) {

    public record Talker(String address, int requests) {
    }
}
