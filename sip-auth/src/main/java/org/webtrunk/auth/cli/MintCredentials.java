package org.webtrunk.auth.cli;

import java.io.PrintStream;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import org.webtrunk.auth.EphemeralConfig;
import org.webtrunk.auth.EphemeralCredentialMinter;
import org.webtrunk.auth.EphemeralCredentials;
import org.webtrunk.auth.HmacAlgorithm;
import org.webtrunk.auth.UsernameFormat;

/**
 * Prints ephemeral credentials as the TURN REST draft's JSON: {@code {"username":...,"password":...,"ttl":N}}.
 * Exit 0 on success, 2 with usage on stderr for bad arguments.
 */
public final class MintCredentials {
    static final String USAGE = String.join("\n",
            "usage: mint-credentials.sh (--secret S | --secret-file F) --id ID --ttl SECONDS",
            "                           [--format timestamp-first|id-first] [--hmac sha1|sha256|sha384|sha512]",
            "  The secret may instead come from $" + CliArgs.SECRET_ENV + " so it stays off the command line.",
            "  Prints {\"username\":\"<expiry>:<id>\",\"password\":\"<base64 HMAC>\",\"ttl\":SECONDS}.");
    private static final Set<String> OPTIONS = Set.of("secret", "secret-file", "id", "ttl", "format", "hmac");

    private MintCredentials() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), Clock.systemUTC(), System.out, System.err));
    }

    static int run(String[] args, Map<String, String> env, Clock clock, PrintStream out, PrintStream err) {
        try {
            CliArgs a = CliArgs.parse(args, OPTIONS);
            String id = a.required("id");
            long ttl = a.positiveLong("ttl");
            UsernameFormat format = a.get("format") == null ? UsernameFormat.TIMESTAMP_FIRST : parse(() -> UsernameFormat.parse(a.get("format")));
            HmacAlgorithm hmac = a.get("hmac") == null ? HmacAlgorithm.SHA1 : parse(() -> HmacAlgorithm.parse(a.get("hmac")));
            String secret = a.secret(env);
            EphemeralCredentials c;
            try {
                c = new EphemeralCredentialMinter(new EphemeralConfig(java.util.List.of(secret), hmac, format), clock).mint(id, ttl);
            } catch (IllegalArgumentException e) {
                throw new CliArgs.UsageException(e.getMessage());
            }
            out.println(new Json().string("username", c.username()).string("password", c.password()).number("ttl", ttl));
            return 0;
        } catch (CliArgs.UsageException e) {
            err.println("mint-credentials: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
    }

    interface Parse<T> {
        T get();
    }

    static <T> T parse(Parse<T> p) throws CliArgs.UsageException {
        try {
            return p.get();
        } catch (IllegalArgumentException e) {
            throw new CliArgs.UsageException(e.getMessage());
        }
    }
}
