package org.webtrunk.gateway.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Reads one {@code {env: NAME}}, {@code {file: PATH}} or {@code {value: TEXT}} secret entry, for the gateway's
 * own secrets ({@code auth.secrets}) and the tenants' token service secrets. Errors name the source, never the
 * secret.
 */
final class SecretReader {
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");

    /** What an inline {@code value} needs to be accepted. */
    enum Inline {
        /** Only with {@code dev-only: true} next to it: a secret in a config file is a demo secret. */
        REQUIRE_DEV_ONLY,
        /** Always; the caller flags it (the {@code dev-only} key is then unknown). */
        ACCEPT
    }

    private SecretReader() {
    }

    /**
     * Reads the entry {@code s} and appends its secret and source, or reports an error on {@code s}.
     *
     * @param env     environment lookup; null means unset
     * @param baseDir folder of the config file: relative secret files are read from there
     */
    static void read(ConfigNode s, Function<String, String> env, Path baseDir, Inline inline,
                     List<String> secrets, List<SecretSource> sources) {
        String envName = s.string("env", null);
        String file = s.string("file", null);
        String value = s.string("value", null);
        boolean devOnly = inline == Inline.REQUIRE_DEV_ONLY && s.bool("dev-only", false);
        s.rejectUnknownKeys();
        int given = (envName != null ? 1 : 0) + (file != null ? 1 : 0) + (value != null ? 1 : 0);
        if (given != 1) {
            s.error("", "must have exactly one of env, file or value");
            return;
        }
        if (envName != null) {
            if (!ENV_NAME.matcher(envName).matches()) {
                s.error("env", "is not an environment variable name: '" + envName + "'");
                return;
            }
            String v = env.apply(envName);
            if (v == null || v.isEmpty()) {
                s.error("env", "environment variable " + envName + " is not set");
                return;
            }
            add(s, "env", SecretSource.env(envName), v, secrets, sources);
        } else if (file != null) {
            Path path = baseDir.resolve(file).toAbsolutePath().normalize();
            String v = readFile(s, path);
            if (v != null) {
                add(s, "file", SecretSource.file(path), v, secrets, sources);
            }
        } else {
            if (inline == Inline.REQUIRE_DEV_ONLY && !devOnly) {
                s.error("value", "inline secrets are accepted only with dev-only: true; use file or env");
                return;
            }
            add(s, "value", new SecretSource(SecretSource.Kind.INLINE, "inline"), value, secrets, sources);
        }
    }

    /**
     * Appends {@code secret} unless it is too short (an error on {@code key}: a short HMAC key is guessed offline
     * from one leaked credential or token) or already listed (the first, newest position is kept).
     */
    static void add(ConfigNode n, String key, SecretSource source, String secret,
                    List<String> secrets, List<SecretSource> sources) {
        if (secret.length() < AuthConfig.MIN_SECRET_LENGTH) {
            n.error(key, "the secret from " + source + " is shorter than " + AuthConfig.MIN_SECRET_LENGTH + " characters");
            return;
        }
        if (!secrets.contains(secret)) {
            secrets.add(secret);
            sources.add(source);
        }
    }

    private static String readFile(ConfigNode s, Path path) {
        try (InputStream in = Files.newInputStream(path)) {
            byte[] bytes = in.readNBytes(AuthConfig.MAX_SECRET_FILE_BYTES + 1);
            if (bytes.length > AuthConfig.MAX_SECRET_FILE_BYTES) {
                s.error("file", path + " is larger than " + AuthConfig.MAX_SECRET_FILE_BYTES + " bytes; is it the right file?");
                return null;
            }
            return new String(bytes, StandardCharsets.UTF_8).strip();
        } catch (NoSuchFileException e) {
            s.error("file", "file not found: " + path);
        } catch (IOException e) {
            // The exception message names the file and the OS reason, never the content.
            s.error("file", "cannot read " + path + ": " + e.getClass().getSimpleName());
        }
        return null;
    }
}
