package org.webtrunk.gateway.config;

import java.util.ArrayList;
import java.util.List;

/** Every problem found while reading one config file, each naming its key. */
public final class ConfigErrors {
    private final String source;
    private final List<String> messages = new ArrayList<>();

    public ConfigErrors(String source) {
        this.source = source;
    }

    public void add(String key, String message) {
        messages.add(source + ": " + key + ": " + message);
    }

    public boolean isEmpty() {
        return messages.isEmpty();
    }

    public List<String> messages() {
        return List.copyOf(messages);
    }

    public void throwIfAny() {
        if (!messages.isEmpty()) {
            throw new ConfigException(messages);
        }
    }
}
