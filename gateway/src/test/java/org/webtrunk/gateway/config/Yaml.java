package org.webtrunk.gateway.config;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.UncheckedIOException;
import java.io.IOException;

/** Builds a {@link ConfigNode} over YAML text for section tests. */
final class Yaml {
    private static final YAMLMapper MAPPER = new YAMLMapper();

    private Yaml() {
    }

    static ConfigNode node(String yaml, ConfigErrors errors) {
        try {
            return new ConfigNode(yaml.isBlank() ? MAPPER.createObjectNode() : MAPPER.readTree(yaml), "", errors);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Node at the root, for sections read from the root (tenants, trunks). */
    static ConfigNode root(String yaml, ConfigErrors errors) {
        return node(yaml, errors);
    }
}
