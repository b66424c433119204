package dev.understudy.bench;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;

/** The benchmark's command line; every count has a default for the full run and a smaller one for {@code --quick}. */
final class Options {

    static final String HELP = """
            java -jar benchmarks/target/understudy-benchmarks.jar [flags]

              --quick                a smoke run (under 2 minutes): fewer repetitions and smaller counts
              --only 1,3,6           run only these figures (1-8)
              --reps N               repetitions of the cheap figures 1, 2, 7 (default 5; quick 3); figure 5
                                     makes three short stream runs per repetition
              --load-reps N          repetitions of the load figures 3, 4, 6 (default 3; quick 1)
              --http-seconds S       one /health load run (default 5; quick 2), after a warm-up of --http-warmup S (3; 1)
              --connections N        HTTP connections (default 32)
              --ws-connects N        WebSocket connects per repetition (default 3000; quick 300), after --ws-warmup N (2000; 100)
              --stream-events N      events in one stream run (default 10000; quick 2000)
              --sessions N           concurrent sessions (default 10000; quick 1000), opened --session-concurrency at a time (32)
              --suite run|reports|skip   figure 8: run the suites with Maven (default; quick: reports),
                                     read the last surefire reports, or skip
              --no-wrk               use the JDK driver for HTTP throughput even if wrk is installed
              --no-install           do not try apt-get install wrk when it is missing
              --jfr                  record every server process with JFR (settings=profile) into
                                     benchmarks/target/bench-logs/NAME.jfr, to find where a figure goes
              --baseline DIR         also run an earlier build as the peer "understudy (baseline)" in figures
                                     3-6: DIR holds its understudy-mock-backend and -fixtures jars (that
                                     build's benchmarks/target/lib will do); before and after in one run
              --out FILE             where to write the table (default benchmarks/results/latest.md)
              --root DIR             the project root (default: found from this jar)
              --mock-jar FILE        the standalone mock (default mock-backend/target/understudy-mock.jar)
            """;

    boolean quick;
    Set<Integer> only = new LinkedHashSet<>();
    int reps = -1;
    int loadReps = -1;
    int httpSeconds = -1;
    int httpWarmup = -1;
    int connections = 32;
    int wsConnects = -1;
    int wsWarmup = -1;
    int streamEvents = -1;
    int sessions = -1;
    int sessionConcurrency = 32;
    String suite;
    boolean wrk = true;
    boolean install = true;
    boolean jfr;
    Path out;
    Path root;
    Path mockJar;
    Path baseline;
    boolean help;

    static Options parse(String[] args) {
        Options o = new Options();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--quick" -> o.quick = true;
                case "--only" -> {
                    for (String part : value(args, ++i, a).split(",")) {
                        int figure = Integer.parseInt(part.trim());
                        if (figure < 1 || figure > 8) {
                            throw new IllegalArgumentException("--only: expected figures 1-8, got " + figure);
                        }
                        o.only.add(figure);
                    }
                }
                case "--reps" -> o.reps = positive(args, ++i, a);
                case "--load-reps" -> o.loadReps = positive(args, ++i, a);
                case "--http-seconds" -> o.httpSeconds = positive(args, ++i, a);
                case "--http-warmup" -> o.httpWarmup = positive(args, ++i, a);
                case "--connections" -> o.connections = positive(args, ++i, a);
                case "--ws-connects" -> o.wsConnects = positive(args, ++i, a);
                case "--ws-warmup" -> o.wsWarmup = positive(args, ++i, a);
                case "--stream-events" -> o.streamEvents = positive(args, ++i, a);
                case "--sessions" -> o.sessions = positive(args, ++i, a);
                case "--session-concurrency" -> o.sessionConcurrency = positive(args, ++i, a);
                case "--suite" -> {
                    o.suite = value(args, ++i, a);
                    if (!Set.of("run", "reports", "skip").contains(o.suite)) {
                        throw new IllegalArgumentException("--suite: expected run, reports or skip, got " + o.suite);
                    }
                }
                case "--no-wrk" -> o.wrk = false;
                case "--no-install" -> o.install = false;
                case "--jfr" -> o.jfr = true;
                case "--out" -> o.out = Path.of(value(args, ++i, a));
                case "--root" -> o.root = Path.of(value(args, ++i, a));
                case "--mock-jar" -> o.mockJar = Path.of(value(args, ++i, a));
                case "--baseline" -> o.baseline = Path.of(value(args, ++i, a));
                case "--help", "-h" -> o.help = true;
                default -> throw new IllegalArgumentException("unknown flag '" + a + "'; --help lists them");
            }
        }
        if (o.suite == null) {
            o.suite = o.quick ? "reports" : "run";
        }
        o.reps = pick(o.reps, o.quick, 5, 3);
        o.loadReps = pick(o.loadReps, o.quick, 3, 1);
        o.httpSeconds = pick(o.httpSeconds, o.quick, 5, 2);
        o.httpWarmup = pick(o.httpWarmup, o.quick, 3, 1);
        o.wsConnects = pick(o.wsConnects, o.quick, 3000, 300);
        o.wsWarmup = pick(o.wsWarmup, o.quick, 2000, 100);
        o.streamEvents = pick(o.streamEvents, o.quick, 10_000, 2_000);
        o.sessions = pick(o.sessions, o.quick, 10_000, 1_000);
        if (o.streamEvents < 5) {
            throw new IllegalArgumentException("--stream-events: expected at least 5, got " + o.streamEvents);
        }
        return o;
    }

    boolean runs(int figure) {
        return only.isEmpty() || only.contains(figure);
    }

    /** The settings, for the report. */
    String describe() {
        return (quick ? "--quick: " : "") + "reps " + reps + ", load reps " + loadReps + ", HTTP " + httpSeconds + " s × "
                + connections + " connections (warm-up " + httpWarmup + " s), " + wsConnects + " WebSocket connects (warm-up "
                + wsWarmup + "), stream " + streamEvents + " events, " + sessions + " sessions (" + sessionConcurrency
                + " at a time), suite: " + suite + (baseline != null ? ", baseline: " + baseline : "");
    }

    private static int pick(int given, boolean quick, int full, int small) {
        return given > 0 ? given : quick ? small : full;
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length) {
            throw new IllegalArgumentException(flag + ": expected a value");
        }
        return args[i];
    }

    private static int positive(String[] args, int i, String flag) {
        String v = value(args, i, flag);
        try {
            int n = Integer.parseInt(v);
            if (n < 1) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + ": expected a whole number of at least 1, got '" + v + "'");
        }
    }
}
