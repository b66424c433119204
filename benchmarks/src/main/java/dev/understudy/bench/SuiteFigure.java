package dev.understudy.bench;

import org.w3c.dom.Element;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Figure 8: the contract suite's and the client kit's fault suite's own time, once Maven has started them: the sum of
 * the {@code time} of their surefire reports, from a run of just those tests (or the last reports).
 */
final class SuiteFigure {

    static final String FAULT_SUITE = "dev.understudy.client.FaultOutcomesMockTest";
    private static final long MAVEN_TIMEOUT_SECONDS = 600;

    private final Bench bench;

    SuiteFigure(Bench bench) {
        this.bench = bench;
    }

    List<Row> run() {
        Row row = new Row("8", "contract suite + FaultOutcomesMockTest, time in the tests after Maven started (s)", 1);
        for (Peer peer : Peer.others()) {
            row.text(peer, "n/a");
        }
        if (bench.options.suite.equals("skip")) {
            row.text(Peer.UNDERSTUDY, "skipped").targetUnjudged("≤ 20 s");
            return List.of(row);
        }
        try {
            String how;
            if (bench.options.suite.equals("run")) {
                double wall = runMaven();
                how = String.format(Locale.ROOT, "run by the benchmark with `mvn -B -q -o test -pl client-kit,contract-tests "
                        + "-am -Dtest=...` (Maven's own wall time, start-up and compilation checks included: %.1f s)", wall);
            } else {
                how = "read from the last surefire reports (`--suite reports`): not a fresh run";
            }
            Suites suites = read();
            if ((suites.classes == 0 || !suites.hasFaultSuite) && bench.options.suite.equals("reports")) {
                row.text(Peer.UNDERSTUDY, "no reports").targetUnjudged("≤ 20 s");
                row.notes.add("no surefire reports to read (a -DskipTests build): run with --suite run, or without --quick");
                return List.of(row);
            }
            if (suites.classes == 0 || !suites.hasFaultSuite) {
                throw new IllegalStateException("no contract-tests reports or no " + FAULT_SUITE + " report under "
                        + bench.layout.root + "; run them with --suite run");
            }
            row.value(Peer.UNDERSTUDY, Summary.of(suites.seconds));
            row.notes.add(String.format(Locale.ROOT, "sum of `time` over %d surefire reports (%d tests, %d failed or in "
                    + "error), %s.", suites.classes + 1, suites.tests, suites.failures, how));
            row.target("≤ 20 s", suites.seconds <= 20 && suites.failures == 0);
        } catch (Exception e) {
            bench.failed(row, Peer.UNDERSTUDY, e);
            row.targetUnjudged("≤ 20 s");
        }
        return List.of(row);
    }

    private double runMaven() throws IOException, InterruptedException {
        Path log = bench.logDir.resolve("suite-maven.log");
        List<String> command = List.of("mvn", "-B", "-q", "-o", "test", "-pl", "client-kit,contract-tests", "-am",
                "-Dtest=dev/understudy/contract/*Test,**/FaultOutcomesMockTest", "-Dsurefire.failIfNoSpecifiedTests=false");
        long start = System.nanoTime();
        Process p = ServerProcess.startTracked(new ProcessBuilder(command).directory(bench.layout.root.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile()));
        if (!p.waitFor(MAVEN_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new IllegalStateException("Maven did not finish within " + MAVEN_TIMEOUT_SECONDS + " s; see " + log);
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException("Maven failed (exit " + p.exitValue() + "); see " + log);
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private record Suites(double seconds, int classes, int tests, int failures, boolean hasFaultSuite) {
    }

    private Suites read() throws Exception {
        List<Path> reports = new ArrayList<>();
        Path contract = bench.layout.root.resolve("contract-tests/target/surefire-reports");
        if (Files.isDirectory(contract)) {
            try (Stream<Path> files = Files.list(contract)) {
                // the suite's own classes; not the check's tests (dev.understudy.contract.check), whose suite example
                // runs the same checks again
                files.filter(f -> f.getFileName().toString().matches("TEST-dev\\.understudy\\.contract\\.[^.]+\\.xml"))
                        .sorted().forEach(reports::add);
            }
        }
        Path fault = bench.layout.root.resolve("client-kit/target/surefire-reports/TEST-" + FAULT_SUITE + ".xml");
        boolean hasFault = Files.isRegularFile(fault);
        if (hasFault) {
            reports.add(fault);
        }
        double seconds = 0;
        int tests = 0;
        int failures = 0;
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        for (Path report : reports) {
            Element suite = factory.newDocumentBuilder().parse(report.toFile()).getDocumentElement();
            seconds += number(suite, "time");
            tests += (int) number(suite, "tests");
            failures += (int) (number(suite, "failures") + number(suite, "errors"));
        }
        return new Suites(seconds, reports.size() - (hasFault ? 1 : 0), tests, failures, hasFault);
    }

    private static double number(Element e, String attribute) {
        String v = e.getAttribute(attribute).replace(",", "");
        return v.isEmpty() ? 0 : Double.parseDouble(v);
    }
}
