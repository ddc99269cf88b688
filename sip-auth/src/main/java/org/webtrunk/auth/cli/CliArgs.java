package org.webtrunk.auth.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** {@code --name value} options, each at most once, and the secret from flag, file or environment. */
final class CliArgs {
    /** Environment variable read when neither {@code --secret} nor {@code --secret-file} is given. */
    static final String SECRET_ENV = "WEBTRUNK_SECRET";

    private final Map<String, String> values;

    private CliArgs(Map<String, String> values) {
        this.values = values;
    }

    /** Thrown for anything the user must fix; the message goes to stderr above the usage. */
    static final class UsageException extends Exception {
        UsageException(String message) {
            super(message);
        }
    }

    static CliArgs parse(String[] args, Set<String> known) throws UsageException {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (!name.startsWith("--") || !known.contains(name.substring(2))) {
                throw new UsageException("unknown option: " + name);
            }
            if (i + 1 >= args.length) {
                throw new UsageException("missing value for " + name);
            }
            if (values.putIfAbsent(name.substring(2), args[++i]) != null) {
                throw new UsageException("option given twice: " + name);
            }
        }
        return new CliArgs(values);
    }

    String get(String name) {
        return values.get(name);
    }

    String required(String name) throws UsageException {
        String v = values.get(name);
        if (v == null || v.isEmpty()) {
            throw new UsageException("--" + name + " is required");
        }
        return v;
    }

    long positiveLong(String name) throws UsageException {
        String v = required(name);
        try {
            long n = Long.parseLong(v);
            if (n < 1) {
                throw new UsageException("--" + name + " must be positive: " + v);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " is not a number: " + v);
        }
    }

    /**
     * The secret from {@code --secret}, else {@code --secret-file} (one trailing newline removed), else
     * {@code $WEBTRUNK_SECRET}. The first two are exclusive.
     */
    String secret(Map<String, String> env) throws UsageException {
        String inline = values.get("secret");
        String file = values.get("secret-file");
        if (inline != null && file != null) {
            throw new UsageException("give --secret or --secret-file, not both");
        }
        String secret;
        if (inline != null) {
            secret = inline;
        } else if (file != null) {
            try {
                secret = Files.readString(Path.of(file), StandardCharsets.UTF_8);
            } catch (IOException | RuntimeException e) {
                throw new UsageException("cannot read --secret-file " + file);
            }
            if (secret.endsWith("\n")) {
                secret = secret.substring(0, secret.length() - 1);
            }
            if (secret.endsWith("\r")) {
                secret = secret.substring(0, secret.length() - 1);
            }
        } else {
            secret = env.get(SECRET_ENV);
            if (secret == null) {
                throw new UsageException("no secret: use --secret, --secret-file or $" + SECRET_ENV);
            }
        }
        if (secret.isEmpty()) {
            throw new UsageException("the secret is empty");
        }
        return secret;
    }
}
