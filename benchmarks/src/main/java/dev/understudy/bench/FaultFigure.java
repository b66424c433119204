package dev.understudy.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Figure 7: from the client kit's connect call to the named outcome, for a hang (against a 200 ms timeout) and a
 * refused connection; understudy only (no peer can inject these), in its own JVM ({@code FaultTimingMain}).
 */
final class FaultFigure {

    private final Bench bench;

    FaultFigure(Bench bench) {
        this.bench = bench;
    }

    List<Row> run() {
        Row hang = new Row("7a", "hang fault → client kit's outcome, 200 ms timeout (ms)", 1);
        Row refused = new Row("7b", "refuse fault → client kit's ConnectionRefused (ms)", 1);
        int warmups = 3;
        List<String> command = List.of(bench.layout.java.toString(), "-cp", bench.layout.fullClasspath(),
                "dev.understudy.bench.server.FaultTimingMain", String.valueOf(warmups), String.valueOf(bench.options.reps));
        try (ServerProcess p = bench.launch("fault-timing", command)) {
            List<Double> hangs = new ArrayList<>();
            List<Double> refusals = new ArrayList<>();
            List<String> hangOutcomes = new ArrayList<>();
            List<String> refusedOutcomes = new ArrayList<>();
            Duration each = Duration.ofSeconds(30);
            for (int i = 0; i < bench.options.reps; i++) {
                String[] h = p.awaitLine("HANG ", each).split(" ");
                hangs.add(Double.parseDouble(h[1]));
                hangOutcomes.add(h[2]);
                String[] r = p.awaitLine("REFUSED ", each).split(" ");
                refusals.add(Double.parseDouble(r[1]));
                refusedOutcomes.add(r[2]);
            }
            p.awaitLine("DONE", each);
            hang.value(Peer.UNDERSTUDY, Summary.of(hangs)).text(Peer.UNDERSTUDY, outcomes(hangOutcomes));
            refused.value(Peer.UNDERSTUDY, Summary.of(refusals)).text(Peer.UNDERSTUDY, outcomes(refusedOutcomes));
            double worstHang = Summary.of(hangs).max();
            double worstRefused = Summary.of(refusals).max();
            boolean hangNamed = hangOutcomes.stream().allMatch(o -> o.equals("HandshakeTimeout"));
            boolean refusedNamed = refusedOutcomes.stream().allMatch(o -> o.equals("ConnectionRefused"));
            hang.target("≤ 250 ms (timeout + 50), every repetition, named HandshakeTimeout", worstHang <= 250 && hangNamed);
            refused.target("≤ 20 ms, every repetition, named ConnectionRefused", worstRefused <= 20 && refusedNamed);
            hang.notes.add(String.format(Locale.ROOT, "`server.inject(Fault.hang(), Scope.webSocket())`, then "
                    + "`AgentSocket.connect(target, user, 200 ms)`; the worst of %d was %.1f ms. The token is minted inside "
                    + "the timed call, as a test's connect does. %d warm-up rounds first.", hangs.size(), worstHang, warmups));
            refused.notes.add(String.format(Locale.ROOT, "`server.inject(Fault.refuse())`, then connect with a 2 s "
                    + "timeout; the worst of %d was %.1f ms.", refusals.size(), worstRefused));
        } catch (Exception e) {
            bench.failed(hang, Peer.UNDERSTUDY, e);
            refused.text(Peer.UNDERSTUDY, "failed");
        }
        for (Peer peer : Peer.others()) {
            hang.text(peer, "n/a");
            refused.text(peer, "n/a");
        }
        return List.of(hang, refused);
    }

    private static String outcomes(List<String> names) {
        return "[" + String.join(", ", names.stream().distinct().toList()) + "]";
    }
}
