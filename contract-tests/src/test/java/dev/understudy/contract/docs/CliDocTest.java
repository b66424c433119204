package dev.understudy.contract.docs;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/cli.md's flags table is the standalone's flags: the ones --help lists, each taking a value or not as it says. */
@Timeout(60)
class CliDocTest {

    static final Duration RUN = Duration.ofSeconds(30);
    /**
     * Flags documented ahead of the branches that add them (the ready signal, --version, TLS 1.3). While a flag of
     * this set is missing from --help it is not checked; once merged, empty the set.
     */
    static final Set<String> ADDED_ON_OTHER_BRANCHES = Set.of();

    private static final Pattern HELP_FLAG = Pattern.compile("^\\s+(--[a-z0-9-]+)(?:\\s+([A-Z][A-Z0-9_|]*))?(?:\\s|$)");
    private static final Pattern DOC_FLAG = Pattern.compile("^(--[a-z0-9-]+)(?:\\s+([A-Z][A-Z0-9_|]*))?$");

    static Map<String, Boolean> help;
    static Map<String, Boolean> documented;

    @BeforeAll
    static void read() throws Exception {
        Standalone.Result r = Standalone.run(RUN, List.of("--help"));
        assertThat(r.exit()).as("--help exits 0; stderr: " + r.err()).isZero();
        help = helpFlags(r.out());
        documented = new LinkedHashMap<>();
        for (List<String> row : Markdown.read(Markdown.ROOT.resolve("docs/cli.md")).table("flag")) {
            String cell = Markdown.code(row.get(0));
            assertThat(cell).as("first cell of " + row).isNotNull();
            Matcher m = DOC_FLAG.matcher(cell);
            assertThat(m.matches()).as("'" + cell + "' reads as --flag or --flag VALUE").isTrue();
            documented.put(m.group(1), m.group(2) != null);
        }
    }

    /** Flag → whether it takes a value, from the help text's flag lines ({@code   --port PORT   what}). */
    static Map<String, Boolean> helpFlags(String helpText) {
        Map<String, Boolean> out = new LinkedHashMap<>();
        for (String line : helpText.split("\n")) {
            Matcher m = HELP_FLAG.matcher(line);
            if (m.find()) {
                out.put(m.group(1), m.group(2) != null);
            }
        }
        return out;
    }

    @Test
    void theTableListsEveryFlagOfHelpAndNoOther() {
        assertThat(help).as("flags read from --help").hasSizeGreaterThan(15);
        Map<String, Boolean> expected = new LinkedHashMap<>(documented);
        ADDED_ON_OTHER_BRANCHES.forEach(f -> {
            if (!help.containsKey(f)) {
                expected.remove(f);
            }
        });

        assertThat(expected.keySet()).containsExactlyInAnyOrderElementsOf(help.keySet());
        assertThat(expected).as("each flag takes a value in the docs exactly when --help shows one").isEqualTo(help);
    }

    @Test
    void theParserAcceptsEveryDocumentedFlagWithTheValueTheTableGives() throws Exception {
        List<String> args = new ArrayList<>(List.of("--help")); // parsed in full, then help instead of a start
        documented.forEach((flag, takesValue) -> {
            if (flag.equals("--help") || (ADDED_ON_OTHER_BRANCHES.contains(flag) && !help.containsKey(flag))) {
                return;
            }
            args.add(flag);
            if (takesValue) {
                args.add("x");
            }
        });

        Standalone.Result r = Standalone.run(RUN, args);

        assertThat(r.err()).as("what the parser said to " + args).isEmpty();
        assertThat(r.exit()).isZero();
    }

    @Test
    void aFlagTheParserDoesNotKnowWouldFailThatCheck() throws Exception {
        Standalone.Result r = Standalone.run(RUN, List.of("--help", "--no-such-flag"));

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("unknown flag '--no-such-flag'");
    }
}
