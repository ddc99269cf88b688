package org.webtrunk.auth;

import java.util.Locale;

/**
 * HMAC used to derive an ephemeral password from its username. SHA-1 is the default of the TURN REST draft and
 * of Kamailio's auth_ephemeral ({@code sha_algorithm} 0); the others match its values 1 to 3.
 */
public enum HmacAlgorithm {
    SHA1("HmacSHA1", 0),
    SHA256("HmacSHA256", 1),
    SHA384("HmacSHA384", 2),
    SHA512("HmacSHA512", 3);

    private final String jcaName;
    private final int kamailioCode;

    HmacAlgorithm(String jcaName, int kamailioCode) {
        this.jcaName = jcaName;
        this.kamailioCode = kamailioCode;
    }

    /** The JCA {@code Mac} name, e.g. {@code HmacSHA256}. */
    public String jcaName() {
        return jcaName;
    }

    /** The value of Kamailio's {@code modparam("auth_ephemeral", "sha_algorithm", N)} for this algorithm. */
    public int kamailioCode() {
        return kamailioCode;
    }

    /**
     * Reads {@code sha1}, {@code sha-256}, {@code SHA512} and the like.
     *
     * @throws IllegalArgumentException for any other name
     */
    public static HmacAlgorithm parse(String name) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT).replace("-", "").replace("hmac", "");
        switch (n) {
            case "sha1": return SHA1;
            case "sha256": return SHA256;
            case "sha384": return SHA384;
            case "sha512": return SHA512;
            default: throw new IllegalArgumentException("unknown HMAC algorithm (sha1, sha256, sha384, sha512): " + name);
        }
    }
}
