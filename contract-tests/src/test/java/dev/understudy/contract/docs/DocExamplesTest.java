package dev.understudy.contract.docs;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.understudy.mock.MockStagingServer;
import dev.understudy.mock.fault.FaultSpec;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Every example in a README or in docs/ is run, compiled or parsed, as its marker says (docs/README.md, "How the
 * examples are tested"): one dynamic test per block, named by file and line.
 */
@Timeout(180)
class DocExamplesTest {

    static final Set<String> EXAMPLE_LANGS = Set.of("bash", "sh", "shell", "java", "json", "xml");
    static final Duration BLOCK_TIMEOUT = Duration.ofSeconds(30);
    static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern TARGET_FILE = Pattern.compile("([A-Za-z0-9_-]+)/target/([A-Za-z0-9_.-]+)");
    private static final Pattern PORT_FLAG = Pattern.compile("--port(?:=|\\s+)\\S+");

    /** The README files of the repository and every page under docs/. */
    static List<Markdown.Block> blocks() {
        List<Markdown.Block> out = new ArrayList<>();
        for (Path file : Markdown.allFiles()) {
            Path rel = Markdown.ROOT.relativize(file);
            if (rel.getFileName().toString().equals("README.md") || rel.startsWith("docs")) {
                out.addAll(Markdown.read(file).blocks());
            }
        }
        return out;
    }

    @TestFactory
    Stream<DynamicTest> everyExample() {
        List<Markdown.Block> examples = blocks().stream().filter(b -> EXAMPLE_LANGS.contains(b.lang())).toList();
        assertThat(examples).as("examples found").hasSizeGreaterThan(10);
        return examples.stream().map(b -> DynamicTest.dynamicTest(b.where() + " [" + b.marker() + "]", () -> check(b)));
    }

    static void check(Markdown.Block b) throws Exception {
        if (b.marker() == null) {
            if (b.lang().equals("json")) {
                JSON.readTree(b.text()); // plain JSON: it must at least parse
                return;
            }
            fail(b.where() + ": a " + b.lang() + " block without an <!-- example: ... --> marker; docs/README.md says which");
        }
        String marker = b.marker();
        String needs = null;
        int comma = marker.indexOf(", needs ");
        if (comma >= 0) {
            needs = marker.substring(comma + ", needs ".length()).strip();
            marker = marker.substring(0, comma).strip();
        }
        String kind = marker.split("\\s+")[0];
        switch (kind) {
            case "run" -> runAgainstServer(b, needs, true);
            case "run-any-status" -> runAgainstServer(b, needs, false);
            case "standalone" -> standalone(b, needs);
            case "build" -> build(b);
            case "ci" -> ranByCi(b);
            case "pytest" -> ranByPytest(b);
            case "tested-by" -> testedBy(b, marker.substring("tested-by".length()).strip());
            case "java" -> heldByTest(b, marker.substring("java".length()).strip());
            case "fault" -> assertThat(FaultSpec.parseAll(b.text(), b.where())).as("faults of " + b.where()).isNotEmpty();
            case "routes" -> assertThat(dev.understudy.mock.Routes.parse(b.text(), b.where()).routes()).as("routes of " + b.where()).isNotEmpty();
            case "profile" -> assertThat(dev.understudy.mock.StagingProfile.parse(b.text(), b.where()).name()).as("profile of " + b.where()).isNotBlank();
            case "frame" -> assertThat(JSON.readTree(b.text()).path("type").isTextual()).as(b.where() + " has a string type").isTrue();
            case "pom" -> pom(b);
            default -> fail(b.where() + ": unknown example marker '" + b.marker() + "'");
        }
    }

    // ---- run: bash against a fresh embedded server ----

    static void runAgainstServer(Markdown.Block b, String needs, boolean only2xx) throws Exception {
        try (MockStagingServer server = MockStagingServer.builder().start()) {
            if (needs != null) {
                requirePresent(needs, server);
            }
            String script = (only2xx
                    ? "curl() { command curl --fail-with-body --max-time 10 \"$@\"; echo; }\n"
                    : "curl() { command curl --max-time 10 \"$@\"; echo; }\n")
                    + ("python3 websockets".equals(needs) ? "python3() { command '" + pythonWithWebsockets() + "' \"$@\"; }\n" : "")
                    + b.text().replace("127.0.0.1:8002", "127.0.0.1:" + server.port());
            ProcessBuilder pb = new ProcessBuilder("bash", "-euo", "pipefail", "-c", script);
            Map<String, String> env = pb.environment();
            env.put("HTTP", server.httpUri().toString());
            env.put("WS", server.webSocketUri().toString());
            env.put("ADMIN", server.adminUri().toString());
            env.put("TOKEN", server.mintToken("e2e-docs"));
            Ran ran = run(pb, BLOCK_TIMEOUT);
            assertThat(ran.exit()).as(b.where() + " exits 0\n--- stdout\n" + ran.out() + "\n--- stderr\n" + ran.err()).isZero();
            assertThat(ran.out()).as(b.where() + " printed what the server answered").isNotBlank();
        }
    }

    /** Skips (with the reason) an example whose prerequisite is not there: an admin route or a Python module. */
    static void requirePresent(String needs, MockStagingServer server) throws Exception {
        if (needs.equals("python3 websockets")) {
            Assumptions.assumeTrue(pythonWithWebsockets() != null,
                    "needs python3 with websockets 10 or later (Debian: python3-websockets), which this machine lacks");
            return;
        }
        Matcher route = Pattern.compile("^(GET|POST|PUT|DELETE) (/\\S*)$").matcher(needs);
        if (route.matches()) {
            Assumptions.assumeTrue(AdminApiDocTest.routeExists(server, route.group(1), route.group(2)),
                    "the admin API has no " + needs + " on this build yet (it lands with another branch)");
            return;
        }
        if (needs.startsWith("--")) {
            Assumptions.assumeTrue(CliDocTest.help == null || CliDocTest.help.containsKey(needs),
                    "the standalone has no " + needs + " on this build yet");
            return;
        }
        fail("unknown prerequisite '" + needs + "'");
    }

    /** A python3 that imports websockets 10 or later: the one on the PATH, else the system's; null if neither. */
    static String pythonWithWebsockets() {
        String probe = "import sys, websockets; sys.exit(0 if int(websockets.__version__.split('.')[0]) >= 10 else 1)";
        for (String python : List.of("python3", "/usr/bin/python3")) {
            try {
                if (run(new ProcessBuilder(python, "-c", probe), BLOCK_TIMEOUT).exit() == 0) {
                    return python;
                }
            } catch (IOException | InterruptedException | AssertionError notThere) {
                // try the next
            }
        }
        return null;
    }

    // ---- standalone: the flags, through the real main, with --self-test ----

    static void standalone(Markdown.Block b, String needs) throws Exception {
        if (needs != null) {
            Standalone.Result help = Standalone.run(BLOCK_TIMEOUT, List.of("--help"));
            Assumptions.assumeTrue(help.out().contains(needs + " ") || help.out().contains(needs + "\n"),
                    "the standalone has no " + needs + " on this build yet");
        }
        int commands = 0;
        for (String line : b.text().split("\n")) {
            int jar = line.indexOf("understudy-mock.jar");
            if (!line.strip().startsWith("java ") || jar < 0) {
                continue;
            }
            commands++;
            String flags = PORT_FLAG.matcher(line.substring(jar + "understudy-mock.jar".length())).replaceAll("--port 0");
            List<String> args = new ArrayList<>(shellWords(flags));
            if (!args.contains("--port")) {
                args.addAll(List.of("--port", "0")); // 8002 may be taken on a build machine
            }
            args.add("--self-test");
            Standalone.Result r = Standalone.run(BLOCK_TIMEOUT, args);
            assertThat(r.exit()).as(b.where() + ": " + args + "\n--- stdout\n" + r.out() + "\n--- stderr\n" + r.err()).isZero();
            assertThat(r.out()).contains("self-test: /health 200 and a WebSocket welcome");
        }
        assertThat(commands).as(b.where() + " holds a java -jar ...understudy-mock.jar line").isPositive();
    }

    /** Splits a command line as a shell would for the quoting examples use: blanks, '...' and "...". */
    static List<String> shellWords(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                inWord = true;
            } else if (c == '#' && !inWord) {
                break; // a comment
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    out.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            out.add(word.toString());
        }
        return out;
    }

    // ---- build: Maven commands CI runs; the files they name are the build's ----

    /**
     * A block that a test of its own runs or compares byte for byte with a marked region of a built source (the
     * JUnit and check pages do this): the named test class exists and reads this page.
     */
    static void testedBy(Markdown.Block b, String testClass) throws IOException {
        assertThat(testClass).as(b.where() + ": the marker names the test class").isNotBlank();
        Path source;
        try (Stream<Path> walk = Files.walk(Markdown.ROOT)) {
            source = walk.filter(p -> p.getFileName().toString().equals(testClass + ".java"))
                    .filter(p -> p.toString().contains("src" + java.io.File.separator + "test"))
                    .findFirst().orElse(null);
        }
        assertThat(source).as(b.where() + ": the test class " + testClass).isNotNull();
        String page = b.file().getFileName().toString();
        assertThat(Files.readString(source)).as(source + " reads " + page).contains(page);
    }

    /** A block of the Python plugin's README, which its own suite runs: clients/python/tests/test_readme.py. */
    static void ranByPytest(Markdown.Block b) throws IOException {
        Path runner = Markdown.ROOT.resolve("clients/python/tests/test_readme.py");
        assertThat(Markdown.ROOT.relativize(b.file()).toString()).as(b.where() + ": only the Python README's blocks")
                .isEqualTo("clients/python/README.md");
        assertThat(Files.readString(runner)).as(runner + " reads the README and runs its bash blocks")
                .contains("README.md").contains("\"bash\"");
    }

    /** Each command of the block (the first two words of every `&&` part) is one that .ci/run runs itself. */
    static void ranByCi(Markdown.Block b) throws IOException {
        String ci = Files.readString(Markdown.ROOT.resolve(".ci/run"));
        for (String line : b.text().split("\n")) {
            String code = line.replaceFirst("\\s+#.*$", "").strip();
            if (code.isEmpty() || code.startsWith("#")) continue;
            for (String part : code.split("&&")) {
                String[] words = part.strip().split("\\s+");
                String command = words.length > 1 ? words[0] + " " + words[1] : words[0];
                assertThat(ci).as(b.where() + ": .ci/run runs '" + command + "'").contains(command);
            }
        }
    }

    static void build(Markdown.Block b) throws IOException {
        assertThat(b.text()).as(b.where() + " is a Maven or java command").containsAnyOf("mvn ", "java ");
        Matcher m = TARGET_FILE.matcher(b.text());
        while (m.find()) {
            Path pom = Markdown.ROOT.resolve(m.group(1)).resolve("pom.xml");
            assertThat(pom).as(b.where() + " names " + m.group() + ": its module").exists();
            String base = m.group(2).replaceFirst("\\.[a-z]+$", "");
            assertThat(Files.readString(pom)).as(m.group() + " is a file " + pom + " makes").contains(base);
        }
        Matcher pl = Pattern.compile("-pl\\s+(\\S+)").matcher(b.text());
        while (pl.find()) {
            for (String module : pl.group(1).split(",")) {
                assertThat(Markdown.ROOT.resolve(module).resolve("pom.xml")).as(b.where() + ": -pl " + module).exists();
            }
        }
    }

    // ---- java: held, line for line, by a test that compiles and runs it ----

    static void heldByTest(Markdown.Block b, String testClass) throws IOException {
        assertThat(testClass).as(b.where() + ": the marker names the test class").isNotBlank();
        Path source;
        try (Stream<Path> walk = Files.walk(Markdown.ROOT)) {
            source = walk.filter(p -> p.getFileName().toString().equals(testClass + ".java"))
                    .filter(p -> p.toString().contains("src" + java.io.File.separator + "test"))
                    .findFirst().orElse(null);
        }
        assertThat(source).as(b.where() + ": the test class " + testClass).isNotNull();
        List<String> held = Files.readAllLines(source).stream().map(String::strip).toList();
        int at = 0;
        for (String line : b.text().split("\n")) {
            String want = line.strip();
            if (want.isEmpty()) {
                continue;
            }
            int found = -1;
            for (int i = at; i < held.size(); i++) {
                if (held.get(i).equals(want)) {
                    found = i;
                    break;
                }
            }
            assertThat(found).as(b.where() + ": line '" + want + "' in " + testClass + " after its line " + at).isNotNegative();
            at = found + 1;
        }
    }

    // ---- pom: the BOM import and artifacts the BOM pins ----

    static void pom(Markdown.Block b) throws Exception {
        Document example = xml("<example>" + b.text() + "</example>");
        Document bom = xml(Files.readString(Markdown.ROOT.resolve("bom/pom.xml")));
        String bomVersion = child(bom.getDocumentElement(), "version");
        Set<String> pinned = new HashSet<>();
        NodeList managed = bom.getElementsByTagName("dependency");
        for (int i = 0; i < managed.getLength(); i++) {
            Element d = (Element) managed.item(i);
            pinned.add(child(d, "groupId") + ":" + child(d, "artifactId"));
        }
        boolean imported = false;
        int used = 0;
        NodeList deps = example.getElementsByTagName("dependency");
        for (int i = 0; i < deps.getLength(); i++) {
            Element d = (Element) deps.item(i);
            String ga = child(d, "groupId") + ":" + child(d, "artifactId");
            if (ga.equals("dev.understudy:understudy-bom")) {
                imported = true;
                assertThat(child(d, "version")).as("the BOM's version").isEqualTo(bomVersion);
                assertThat(child(d, "type")).isEqualTo("pom");
                assertThat(child(d, "scope")).isEqualTo("import");
            } else {
                used++;
                assertThat(pinned).as(ga + " is pinned by bom/pom.xml").contains(ga);
                assertThat(child(d, "version")).as(ga + " takes its version from the BOM").isNull();
            }
        }
        assertThat(imported).as(b.where() + " imports understudy-bom").isTrue();
        assertThat(used).isPositive();
    }

    static Document xml(String text) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(false);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** The text of a direct child element, or null. */
    static String child(Element parent, String name) {
        for (var n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                return e.getTextContent().strip();
            }
        }
        return null;
    }

    // ---- processes ----

    record Ran(int exit, String out, String err) {
    }

    static Ran run(ProcessBuilder pb, Duration timeout) throws IOException, InterruptedException {
        Process p = pb.start();
        p.getOutputStream().close();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> drain(p.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> drain(p.getErrorStream()));
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            fail("did not end within " + timeout + ": " + pb.command());
        }
        return new Ran(p.exitValue(), out.join(), err.join());
    }

    private static String drain(java.io.InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    // ---- the checks can fail ----

    @Test
    void aBlockWithoutAMarkerFails() {
        Markdown.Block unmarked = new Markdown.Block(Markdown.ROOT.resolve("README.md"), 1, "bash", null, "echo hi\n");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> check(unmarked)).hasMessageContaining("without an <!-- example");
    }

    @Test
    void aRunBlockFailsOnAnErrorAnswer() {
        Markdown.Block bad = new Markdown.Block(Markdown.ROOT.resolve("README.md"), 1, "bash", "run",
                "curl -s \"$ADMIN/no-such-route\"\n");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> check(bad)).hasMessageContaining("exits 0");
    }

    @Test
    void aJavaBlockTheTestDoesNotHoldFails() {
        Markdown.Block drifted = new Markdown.Block(Markdown.ROOT.resolve("README.md"), 1, "java", "java ReadmeFaultExampleTest",
                "server.inject(Fault.status(500));\n");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> check(drifted)).hasMessageContaining("in ReadmeFaultExampleTest");
    }

    @Test
    void shellWordsKeepQuotedSpacesAndPipes() {
        assertThat(shellWords(" --fault 'close:code=1013,reason=Try again later' --fault \"hang:path=/ws|/x\" # note"))
                .containsExactly("--fault", "close:code=1013,reason=Try again later", "--fault", "hang:path=/ws|/x");
    }
}
