/**
 * The SIP codec and the SIP stage of every listener's pipeline.
 *
 * <p>Two parsers, on purpose. Received messages are read through {@link org.webtrunk.gateway.sip.SipMessage},
 * a lazy view over the received bytes: one scan finds the start line and the header lines, and only the
 * values a decision needs are parsed, once; forwarding rewrites bytes ({@link org.webtrunk.gateway.sip.MessageEditor})
 * instead of re-encoding. jain-sip-ri's parser costs about 20 times as much CPU and 30 KB of garbage per
 * INVITE (FACTS.md), so it sits behind {@link org.webtrunk.gateway.sip.ReferenceParser} and serves only
 * low-rate paths and the tests that hold the lazy view to it (differential and fuzz tests on the same corpus).
 *
 * <p>Pipeline: {@code SipMessageDecoder → SanityHandler → LocalRequestHandler (placeholder for the proxy)
 * → SipReplyWriter}; see {@link org.webtrunk.gateway.sip.SipChannelHandlers}. Errors become replies in one
 * place: stages fire a {@link org.webtrunk.gateway.sip.SipReply}, the writer builds and sends it.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc3261">RFC 3261</a>
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc7118">RFC 7118 (SIP over WebSocket)</a>
 */
package org.webtrunk.gateway.sip;
