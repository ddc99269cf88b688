package org.webtrunk.gateway.sip;

/** Names of the SIP stage's pipeline handlers, in pipeline order. */
public final class SipHandlerNames {
    public static final String DECODER = "sipDecoder";
    public static final String SANITY = "sipSanity";
    /** The placeholder until the proxy exists; replace it with {@code pipeline.replace(LOCAL, ...)}. */
    public static final String LOCAL = "sipLocal";
    /** Always last: the one place where SipReply objects become bytes. */
    public static final String REPLY_WRITER = "sipReplyWriter";

    private SipHandlerNames() {
    }
}
