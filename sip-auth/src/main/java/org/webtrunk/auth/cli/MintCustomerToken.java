package org.webtrunk.auth.cli;

import java.io.PrintStream;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import org.webtrunk.auth.CustomerToken;
import org.webtrunk.auth.CustomerTokens;

/**
 * Prints a customer token as a tenant backend would mint it: {@code {"account":...,"expires":N,"key":...}} with
 * key = base64(HMAC-SHA1(secret, "&lt;expires&gt;:&lt;account&gt;")). Exit 0, or 2 with usage on stderr.
 */
public final class MintCustomerToken {
    static final String USAGE = String.join("\n",
            "usage: mint-customer-token.sh (--secret S | --secret-file F) --account A [--ttl SECONDS]",
            "  The tenant secret may instead come from $" + CliArgs.SECRET_ENV + ". Default ttl: "
                    + CustomerTokens.DEFAULT_TTL_SECONDS + " s.",
            "  Prints {\"account\":\"A\",\"expires\":UNIX_SECONDS,\"key\":\"<base64 HMAC-SHA1>\"}.");
    private static final Set<String> OPTIONS = Set.of("secret", "secret-file", "account", "ttl");

    private MintCustomerToken() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), Clock.systemUTC(), System.out, System.err));
    }

    static int run(String[] args, Map<String, String> env, Clock clock, PrintStream out, PrintStream err) {
        try {
            CliArgs a = CliArgs.parse(args, OPTIONS);
            String account = a.required("account");
            long ttl = a.get("ttl") == null ? CustomerTokens.DEFAULT_TTL_SECONDS : a.positiveLong("ttl");
            String secret = a.secret(env);
            CustomerToken t = MintCredentials.parse(() -> CustomerTokens.mint(secret, account, ttl, clock));
            out.println(new Json().string("account", t.account()).number("expires", t.expires()).string("key", t.key()));
            return 0;
        } catch (CliArgs.UsageException e) {
            err.println("mint-customer-token: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
    }
}
