package org.webtrunk.gateway.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A cursor into the parsed YAML that knows its dotted key path and collects every error instead of
 * stopping at the first, so an operator fixes a bad file in one go. Keys a section does not read are
 * reported as unknown (a typo must not silently fall back to a default).
 */
public final class ConfigNode {
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)?");
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(B|KiB|MiB|GiB|KB|MB|GB|k|K|M)?");

    private final JsonNode node;
    private final String path;
    private final ConfigErrors errors;
    private final Set<String> read = new HashSet<>();

    ConfigNode(JsonNode node, String path, ConfigErrors errors) {
        this.node = node == null ? MissingNode.getInstance() : node;
        this.path = path;
        this.errors = errors;
    }

    public String path() {
        return path;
    }

    public boolean isPresent() {
        return !node.isMissingNode() && !node.isNull();
    }

    public ConfigErrors errors() {
        return errors;
    }

    private String keyPath(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** The child section; missing sections read as empty, so every default applies. */
    public ConfigNode section(String key) {
        read.add(key);
        JsonNode child = node.path(key);
        if (!child.isMissingNode() && !child.isNull() && !child.isObject()) {
            errors.add(keyPath(key), "must be a section (a map of keys)");
            child = MissingNode.getInstance();
        }
        return new ConfigNode(child, keyPath(key), errors);
    }

    public List<ConfigNode> sections(String key) {
        read.add(key);
        JsonNode child = node.path(key);
        List<ConfigNode> out = new ArrayList<>();
        if (child.isMissingNode() || child.isNull()) {
            return out;
        }
        if (!child.isArray()) {
            errors.add(keyPath(key), "must be a list");
            return out;
        }
        for (int i = 0; i < child.size(); i++) {
            JsonNode item = child.get(i);
            String itemPath = keyPath(key) + "[" + i + "]";
            if (!item.isObject()) {
                errors.add(itemPath, "must be a section (a map of keys)");
                continue;
            }
            out.add(new ConfigNode(item, itemPath, errors));
        }
        return out;
    }

    public String string(String key, String defaultValue) {
        read.add(key);
        JsonNode v = node.path(key);
        if (v.isMissingNode() || v.isNull()) {
            return defaultValue;
        }
        if (!v.isValueNode()) {
            errors.add(keyPath(key), "must be a single value");
            return defaultValue;
        }
        return v.asText();
    }

    public boolean bool(String key, boolean defaultValue) {
        read.add(key);
        JsonNode v = node.path(key);
        if (v.isMissingNode() || v.isNull()) {
            return defaultValue;
        }
        if (!v.isBoolean()) {
            errors.add(keyPath(key), "must be true or false, got '" + v.asText() + "'");
            return defaultValue;
        }
        return v.booleanValue();
    }

    /** An integer in [min, max]. */
    public int integer(String key, int defaultValue, int min, int max) {
        read.add(key);
        JsonNode v = node.path(key);
        if (v.isMissingNode() || v.isNull()) {
            return defaultValue;
        }
        if (!v.canConvertToInt() || !v.isIntegralNumber()) {
            errors.add(keyPath(key), "must be a whole number, got '" + v.asText() + "'");
            return defaultValue;
        }
        int i = v.intValue();
        if (i < min || i > max) {
            errors.add(keyPath(key), "must be between " + min + " and " + max + ", got " + i);
            return defaultValue;
        }
        return i;
    }

    public int port(String key, int defaultValue) {
        return integer(key, defaultValue, 0, 65535);
    }

    /** A duration such as {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}; a bare number is seconds. */
    public Duration duration(String key, Duration defaultValue, Duration min, Duration max) {
        read.add(key);
        JsonNode v = node.path(key);
        if (v.isMissingNode() || v.isNull()) {
            return defaultValue;
        }
        Matcher m = DURATION.matcher(v.asText().trim());
        if (!v.isValueNode() || !m.matches()) {
            errors.add(keyPath(key), "must be a duration like 500ms, 30s, 5m or 2h, got '" + v.asText() + "'");
            return defaultValue;
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        Duration d = switch (unit) {
            case "ms" -> Duration.ofMillis(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            default -> Duration.ofSeconds(n);
        };
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            errors.add(keyPath(key), "must be between " + min + " and " + max + ", got " + v.asText());
            return defaultValue;
        }
        return d;
    }

    /** A byte size such as {@code 65535}, {@code 64KiB} or {@code 1MiB}. */
    public int size(String key, int defaultValue, int min, int max) {
        read.add(key);
        JsonNode v = node.path(key);
        if (v.isMissingNode() || v.isNull()) {
            return defaultValue;
        }
        Matcher m = SIZE.matcher(v.asText().trim());
        if (!v.isValueNode() || !m.matches()) {
            errors.add(keyPath(key), "must be a size like 4096, 64KiB or 1MiB, got '" + v.asText() + "'");
            return defaultValue;
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "B" : m.group(2);
        long factor = switch (unit) {
            case "KiB", "KB", "k", "K" -> 1024L;
            case "MiB", "MB", "M" -> 1024L * 1024;
            case "GiB", "GB" -> 1024L * 1024 * 1024;
            default -> 1L;
        };
        long bytes = n * factor;
        if (bytes < min || bytes > max) {
            errors.add(keyPath(key), "must be between " + min + " and " + max + " bytes, got " + v.asText());
            return defaultValue;
        }
        return (int) bytes;
    }

    public List<String> strings(String key, List<String> defaultValue) {
        read.add(key);
        JsonNode v = node.path(key);
        if (v.isMissingNode() || v.isNull()) {
            return defaultValue;
        }
        if (v.isValueNode()) {
            return List.of(v.asText());
        }
        if (!v.isArray()) {
            errors.add(keyPath(key), "must be a list of values");
            return defaultValue;
        }
        List<String> out = new ArrayList<>();
        for (JsonNode item : v) {
            if (!item.isValueNode()) {
                errors.add(keyPath(key), "must be a list of values");
                return defaultValue;
            }
            out.add(item.asText());
        }
        return List.copyOf(out);
    }

    /** An enum value written in lower case with dashes, e.g. {@code timestamp-first}. */
    public <E extends Enum<E>> E choice(String key, E defaultValue, Class<E> type) {
        String raw = string(key, null);
        if (raw == null) {
            return defaultValue;
        }
        String wanted = raw.trim().replace('-', '_').toUpperCase(Locale.ROOT);
        for (E e : type.getEnumConstants()) {
            if (e.name().equals(wanted)) {
                return e;
            }
        }
        List<String> allowed = new ArrayList<>();
        for (E e : type.getEnumConstants()) {
            allowed.add(e.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        }
        errors.add(keyPath(key), "must be one of " + allowed + ", got '" + raw + "'");
        return defaultValue;
    }

    /** Parses the value with {@code parser}; an IllegalArgumentException's message becomes the error. */
    public <T> T parsed(String key, T defaultValue, Function<String, T> parser) {
        String raw = string(key, null);
        if (raw == null) {
            return defaultValue;
        }
        try {
            return parser.apply(raw.trim());
        } catch (IllegalArgumentException e) {
            errors.add(keyPath(key), e.getMessage());
            return defaultValue;
        }
    }

    public void error(String key, String message) {
        errors.add(key.isEmpty() ? path : keyPath(key), message);
    }

    /** Reports keys present in the file that no reader asked for: typos must not pass silently. */
    public void rejectUnknownKeys() {
        if (!node.isObject()) {
            return;
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!read.contains(key)) {
                errors.add(keyPath(key), "unknown key");
            }
        }
    }
}
