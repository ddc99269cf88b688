package org.webtrunk.gateway.config;

import java.util.List;

/** A config that cannot be used; the message lists every error with its file and key. */
public final class ConfigException extends RuntimeException {
    private final List<String> errors;

    public ConfigException(List<String> errors) {
        super("invalid configuration:\n  " + String.join("\n  ", errors));
        this.errors = List.copyOf(errors);
    }

    public ConfigException(String error) {
        this(List.of(error));
    }

    public List<String> errors() {
        return errors;
    }
}
