package org.webtrunk.gateway.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where one gateway secret came from, for startup logs and the admin API. It never holds the secret itself,
 * so it can be printed anywhere.
 *
 * @param kind     how the secret is supplied
 * @param location the environment variable name, the absolute file path, or {@code "inline"}
 */
public record SecretSource(Kind kind, String location) {

    /** How a secret is supplied. Inline values exist for demos and tests only: config files get copied and shared. */
    public enum Kind {
        /** An environment variable, e.g. set by systemd's {@code LoadCredential} or a container runtime. */
        ENV,
        /** A file holding only the secret (trailing white space is ignored), readable by the gateway alone. */
        FILE,
        /** A value written in the config file, accepted only with {@code dev-only: true}. */
        INLINE,
        /** The well-known built-in development secret used when nothing is configured. */
        BUILT_IN_DEV
    }

    public SecretSource {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(location, "location");
    }

    static SecretSource env(String name) {
        return new SecretSource(Kind.ENV, name);
    }

    static SecretSource file(Path path) {
        return new SecretSource(Kind.FILE, path.toString());
    }

    /** True for secrets that anyone with the source code or the config file knows. */
    public boolean devOnly() {
        return kind == Kind.INLINE || kind == Kind.BUILT_IN_DEV;
    }

    @Override
    public String toString() {
        return switch (kind) {
            case ENV -> "env " + location;
            case FILE -> "file " + location;
            case INLINE -> "inline value (dev-only)";
            case BUILT_IN_DEV -> "built-in dev secret";
        };
    }
}
