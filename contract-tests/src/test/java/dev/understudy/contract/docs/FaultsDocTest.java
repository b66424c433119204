package dev.understudy.contract.docs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.understudy.client.Outcome;
import dev.understudy.fixtures.Fixtures;
import dev.understudy.mock.fault.Fault;
import dev.understudy.mock.fault.FaultSpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/faults.md's tables are the code's: the kinds FaultSpec knows, each row's JSON, --fault and Java forms the
 * same fault in the phase the row names; the presets as the fixtures hold them; the outcomes Outcome has.
 */
@Timeout(60)
class FaultsDocTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static Markdown faults;

    @BeforeAll
    static void read() {
        faults = Markdown.read(Markdown.ROOT.resolve("docs/faults.md"));
    }

    /**
     * The fault kinds the code knows. Today the public list is {@code FaultSpec.KINDS}; when {@code FaultSpec.kinds()}
     * (kind, phase, fields) lands, return its names here and check each row's phase and fields against it as well.
     */
    static List<String> knownKinds() {
        return FaultSpec.kinds().stream().map(FaultSpec.Kind::name).toList();
    }

    @Test
    void theTableHasARowForEveryKindAndNoOther() {
        List<String> documented = faults.table("kind").stream().map(row -> Markdown.code(row.get(0))).toList();

        assertThat(documented).containsExactlyInAnyOrderElementsOf(knownKinds());
    }

    @Test
    void eachRowsJsonAndFlagAreTheSameFaultOfItsKindAndPhase() throws Exception {
        for (List<String> row : faults.table("kind")) {
            String kind = Markdown.code(row.get(0));
            FaultSpec json = FaultSpec.parse(Markdown.code(row.get(2)));
            FaultSpec flag = FaultSpec.parseFlag(Markdown.code(row.get(3)));

            assertThat(json.fault().kind()).as(kind + "'s JSON").isEqualTo(kind);
            assertThat(json.fault().phase().name()).as(kind + "'s phase").isEqualTo(Markdown.code(row.get(1)));
            assertThat(flag).as(kind + "'s --fault form against its JSON").isEqualTo(json);
        }
    }

    @Test
    void eachRowsJavaCompilesToTheFaultItsJsonDescribes(@TempDir Path dir) throws Exception {
        List<List<String>> rows = faults.table("kind");
        List<String> expressions = rows.stream().map(row -> Markdown.code(row.get(4))).toList();
        Object[] built = compileAndEvaluate(dir, expressions);

        for (int i = 0; i < rows.size(); i++) {
            Fault expected = FaultSpec.parse(Markdown.code(rows.get(i).get(2))).fault();
            assertThat(built[i]).as(expressions.get(i)).isEqualTo(expected);
        }
    }

    /** Compiles {@code new Object[]{e1, e2, ...}} against this test's classpath and returns what it evaluates to. */
    static Object[] compileAndEvaluate(Path dir, List<String> expressions) throws Exception {
        String source = "import dev.understudy.mock.fault.*;\nimport java.time.Duration;\n"
                + "public class DocFaults { public static Object[] all() { return new Object[] {\n"
                + String.join(",\n", expressions) + "\n}; } }\n";
        Path file = dir.resolve("DocFaults.java");
        Files.writeString(file, source);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertThat(javac).as("a JDK's compiler").isNotNull();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        int exit = javac.run(null, null, errors, "-proc:none", "-cp", classpath, "-d", dir.toString(), file.toString());
        assertThat(exit).as("the Java column compiles:\n" + errors.toString(StandardCharsets.UTF_8)).isZero();
        try (URLClassLoader loader = new URLClassLoader(new URL[]{dir.toUri().toURL()}, FaultsDocTest.class.getClassLoader())) {
            return (Object[]) loader.loadClass("DocFaults").getMethod("all").invoke(null);
        }
    }

    @Test
    void theScopeAndScheduleJsonIsWhatFaultSpecReads() {
        List<String> checked = new ArrayList<>();
        for (String heading : List.of("## Whom a fault strikes: scope", "## How often: schedules")) {
            for (List<String> row : faults.tableUnder(heading)) {
                Matcher m = Pattern.compile("`([^`]+)`").matcher(row.get(0));
                while (m.find()) {
                    String fields = m.group(1);
                    FaultSpec spec = FaultSpec.parseAll("{\"fault\":\"hang\"," + fields + "}", heading + ": " + fields).get(0);
                    assertThat(spec.fault()).isEqualTo(Fault.hang());
                    checked.add(fields);
                }
            }
        }
        assertThat(checked).as("JSON cells of the scope and schedule tables").hasSizeGreaterThanOrEqualTo(7);
    }

    @Test
    void thePresetsAreTheFixturesInTheirOrderWithTheirOwnWordsAndFaults() throws Exception {
        List<List<String>> rows = faults.table("preset");

        assertThat(rows.stream().map(r -> Markdown.code(r.get(0))).toList())
                .containsExactlyElementsOf(Fixtures.names(Fixtures.PRESETS));
        for (List<String> row : rows) {
            String name = Markdown.code(row.get(0));
            JsonNode file = JSON.readTree(Fixtures.preset(name));
            assertThat(row.get(1)).as(name + "'s description, as its file words it").isEqualTo(file.path("description").asText());
            assertThat(FaultSpec.parseAll(Markdown.code(row.get(2)), name)).as(name + "'s faults").isEqualTo(FaultSpec.preset(name));
        }
    }

    @Test
    void theOutcomesTableNamesEveryOutcome() {
        List<String> documented = faults.table("outcome").stream().map(r -> Markdown.code(r.get(0))).toList();

        assertThat(documented).containsExactlyInAnyOrderElementsOf(
                Arrays.stream(Outcome.class.getPermittedSubclasses()).map(Class::getSimpleName).toList());
    }
}
