package org.webtrunk.gateway.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.webtrunk.auth.CustomerTokens;
import org.webtrunk.gateway.testsupport.Tools;

/**
 * The backend recipes of docs/call-button.md, run as a tenant would paste them: each must mint the key the
 * gateway's {@link CustomerTokens} mints for the same secret, account and expiry, and default to about five minutes.
 */
class CallButtonRecipesTest {
    private static final String SECRET = "recipe-tenant-secret-0123456789";
    private static final String ACCOUNT = "alice@example.com";
    private static final long EXPIRES = 1_700_000_300L;
    private static final Pattern RECIPE = Pattern.compile("<!-- recipe: (\\w+) -->\\s*```\\w*\\n(.*?)```", Pattern.DOTALL);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static String recipe(String name) throws IOException {
        String doc = Files.readString(Tools.repoRoot().resolve("docs/call-button.md"));
        Matcher m = RECIPE.matcher(doc);
        while (m.find()) {
            if (m.group(1).equals(name)) {
                return m.group(2);
            }
        }
        throw new AssertionError("docs/call-button.md has no '<!-- recipe: " + name + " -->' code block");
    }

    @Test
    void nodeRecipeMintsTheGatewaysKey() throws Exception {
        String code = recipe("node") + "\nconst [s, a, e] = process.argv.slice(-3);\n"
                + "console.log(JSON.stringify(e === '-' ? customerToken(s, a) : customerToken(s, a, Number(e))));\n";
        check(args -> run(List.of(Tools.require("node").toString(), "-e", code), args));
    }

    @Test
    void pythonRecipeMintsTheGatewaysKey() throws Exception {
        String code = recipe("python") + "\nimport json, sys\ns, a, e = sys.argv[-3:]\n"
                + "print(json.dumps(customer_token(s, a) if e == '-' else customer_token(s, a, int(e))))\n";
        check(args -> run(List.of(Tools.require("python3").toString(), "-c", code), args));
    }

    @Test
    void phpRecipeMintsTheGatewaysKey() throws Exception {
        Path php = onPath("php");
        Assumptions.assumeTrue(php != null, "php is not installed: the PHP recipe is not tested here");
        String code = recipe("php") + "\n[$s, $a, $e] = array_slice($argv, -3);\n"
                + "echo json_encode($e === '-' ? customer_token($s, $a) : customer_token($s, $a, (int) $e)), \"\\n\";\n";
        check(args -> run(List.of(php.toString(), "-r", code), args));
    }

    private interface Recipe {
        JsonNode mint(List<String> args) throws Exception;
    }

    private static void check(Recipe recipe) throws Exception {
        JsonNode t = recipe.mint(List.of(SECRET, ACCOUNT, Long.toString(EXPIRES)));
        assertEquals(ACCOUNT, t.path("account").asText(), t.toString());
        assertEquals(EXPIRES, t.path("expires").asLong(), t.toString());
        assertEquals(CustomerTokens.mintUntil(SECRET, ACCOUNT, EXPIRES).key(), t.path("key").asText(), t.toString());

        long before = Instant.now().getEpochSecond();
        JsonNode now = recipe.mint(List.of(SECRET, ACCOUNT, "-"));
        long after = Instant.now().getEpochSecond();
        long expires = now.path("expires").asLong();
        assertTrue(expires >= before + 300 && expires <= after + 300, "default expiry " + expires + " not now + 300 s");
        assertEquals(CustomerTokens.mintUntil(SECRET, ACCOUNT, expires).key(), now.path("key").asText());
    }

    private static JsonNode run(List<String> command, List<String> args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(command);
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        try {
            byte[] out = p.getInputStream().readNBytes(64 * 1024);
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "recipe still running: " + cmd.get(0));
            String text = new String(out, StandardCharsets.UTF_8).strip();
            assertEquals(0, p.exitValue(), text);
            return JSON.readTree(text.substring(text.lastIndexOf('\n') + 1));
        } finally {
            p.destroyForcibly();
        }
    }

    private static Path onPath(String binary) {
        String path = System.getenv("PATH");
        for (String dir : path == null ? new String[0] : path.split(File.pathSeparator)) {
            Path candidate = dir.isEmpty() ? null : Path.of(dir, binary);
            if (candidate != null && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
