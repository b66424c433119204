package dev.understudy.mock.cli;

import dev.understudy.mock.internal.record.ScenarioDeriver;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code java -jar understudy-mock.jar scenario-from RECORDING [--pace recorded|none] [--out FILE]}: a scenario
 * file from a recording (docs/recording.md#replay); the scenario on stdout or in FILE, a summary on stderr.
 */
final class ScenarioFrom {

    static final String USAGE = "Usage: java -jar understudy-mock.jar scenario-from RECORDING [--pace recorded|none] [--out FILE]";

    private ScenarioFrom() {
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        String recording = null;
        boolean keepPace = true;
        Path outFile = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--help", "-h" -> {
                    out.println(USAGE);
                    out.println("Derives a scenario (the fixtures' format) from the first agent run of a recording.");
                    return 0;
                }
                case "--pace" -> {
                    String v = i + 1 < args.length ? args[++i] : "";
                    if (!v.equals("recorded") && !v.equals("none")) {
                        return usage(err, "--pace expects recorded or none, got '" + v + "'");
                    }
                    keepPace = v.equals("recorded");
                }
                case "--out" -> {
                    if (i + 1 >= args.length) {
                        return usage(err, "--out expects a file, got nothing");
                    }
                    outFile = Path.of(args[++i]);
                }
                default -> {
                    if (a.startsWith("--") || recording != null) {
                        return usage(err, "unexpected '" + a + "'");
                    }
                    recording = a;
                }
            }
        }
        if (recording == null) {
            return usage(err, "expects RECORDING, a recording folder or one session file");
        }
        ScenarioDeriver.Derived d;
        try {
            d = ScenarioDeriver.derive(Path.of(recording), keepPace);
        } catch (IllegalArgumentException e) {
            err.println("understudy scenario-from: " + e.getMessage());
            return 1;
        }
        if (outFile == null) {
            out.print(d.json());
            out.flush();
        } else {
            try {
                Files.writeString(outFile, d.json(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                err.println("understudy scenario-from: --out: could not write '" + outFile + "': " + e.getMessage());
                return 1;
            }
        }
        err.println("scenario-from: " + d.events() + " events from " + d.session().getFileName()
                + (keepPace ? " (recorded pacing, " + d.pacingMs() + " ms in all)" : " (no pacing)")
                + (outFile == null ? "" : " -> " + outFile));
        d.notes().forEach(n -> err.println("scenario-from: note: " + n));
        if ("connection_established".equals(d.welcomeType())) {
            err.println("scenario-from: the recorded welcome was connection_established: replay with --welcome connection_established");
        }
        err.println("scenario-from: replay with: java -jar understudy-mock.jar --scenario " + (outFile == null ? "FILE" : outFile));
        return 0;
    }

    private static int usage(PrintStream err, String message) {
        err.println("understudy scenario-from: " + message);
        err.println(USAGE);
        return 2;
    }
}
