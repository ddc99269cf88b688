package org.webtrunk.auth;

import java.util.Locale;

/**
 * Layout of an ephemeral username; both are split at the <em>first</em> {@code ':'}, exactly as Kamailio's
 * auth_ephemeral {@code autheph_verify_timestamp()} does.
 */
public enum UsernameFormat {
    /**
     * {@code <expiry>:<id>}: the TURN REST draft's layout and Kamailio's {@code username_format=1} (default). The
     * expiry is everything before the first {@code ':'}, so the id may itself contain {@code ':'}.
     */
    TIMESTAMP_FIRST(1),
    /**
     * {@code <id>:<expiry>}: Kamailio's deprecated {@code username_format=0}. The expiry is everything after the
     * first {@code ':'}, so an id containing {@code ':'} can never verify (Kamailio rejects it too) and is refused
     * when minting.
     */
    ID_FIRST(0);

    private final int kamailioCode;

    UsernameFormat(int kamailioCode) {
        this.kamailioCode = kamailioCode;
    }

    /** The value of Kamailio's {@code modparam("auth_ephemeral", "username_format", N)}. */
    public int kamailioCode() {
        return kamailioCode;
    }

    /**
     * Reads {@code timestamp-first} or {@code id-first} (case-insensitive).
     *
     * @throws IllegalArgumentException for anything else
     */
    public static UsernameFormat parse(String name) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        switch (n) {
            case "timestamp-first": return TIMESTAMP_FIRST;
            case "id-first": return ID_FIRST;
            default: throw new IllegalArgumentException("unknown username format (timestamp-first, id-first): " + name);
        }
    }
}
