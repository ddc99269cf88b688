package org.webtrunk.gateway.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.function.Function;

/** Reads a YAML config file into a validated {@link GatewayConfig}, or throws listing every error. */
public final class ConfigLoader {
    private static final YAMLMapper YAML = new YAMLMapper();

    private ConfigLoader() {
    }

    /** Reads {@code file}; {@code env} looks up environment variables (secrets may come from there). */
    public static GatewayConfig load(Path file, Function<String, String> env) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file + ": file not found");
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read: " + e.getMessage());
        }
        Path dir = file.toAbsolutePath().getParent();
        return parse(text, file.toString(), dir, env);
    }

    /** Parses YAML text; {@code source} names the file in error messages. */
    public static GatewayConfig parse(String yaml, String source, Path baseDir, Function<String, String> env) {
        JsonNode tree;
        try {
            tree = yaml.isBlank() ? JsonNodeFactory.instance.objectNode() : YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr();
            throw new ConfigException(source + ": not valid YAML" + where + ": " + e.getOriginalMessage());
        }
        if (tree == null || tree.isMissingNode() || tree.isNull()) {
            tree = JsonNodeFactory.instance.objectNode();
        }
        ConfigErrors errors = new ConfigErrors(source);
        if (!tree.isObject()) {
            errors.add("(top)", "must be a map of sections");
            errors.throwIfAny();
        }
        GatewayConfig config = GatewayConfig.read(new ConfigNode(tree, "", errors), env, baseDir);
        errors.throwIfAny();
        return config;
    }

    /** The built-in defaults (what an empty file gives). */
    public static GatewayConfig defaults() {
        return parse("", "(defaults)", Path.of("."), name -> null);
    }
}
