package dev.understudy.bench.server;

import dev.understudy.client.AgentSocket;
import dev.understudy.client.OutcomeException;
import dev.understudy.client.Target;
import dev.understudy.mock.MockStagingServer;
import dev.understudy.mock.fault.Fault;
import dev.understudy.mock.fault.FaultHandle;
import dev.understudy.mock.fault.Scope;

import java.time.Duration;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Figure 7 in its own JVM: how long the client kit takes, from its call, to name a hang (against a 200 ms timeout) and
 * a refused connection, with the server and the client in one process as a test has them.
 *
 * <p>{@code java -cp CP dev.understudy.bench.server.FaultTimingMain WARMUPS REPS} prints {@code HANG <ms> <outcome>}
 * and {@code REFUSED <ms> <outcome>} per repetition, then {@code DONE}.
 */
public final class FaultTimingMain {

    static final Duration HANG_TIMEOUT = Duration.ofMillis(200);
    static final Duration REFUSE_TIMEOUT = Duration.ofSeconds(2);

    private FaultTimingMain() {
    }

    public static void main(String[] args) {
        int warmups = Integer.parseInt(args[0]);
        int reps = Integer.parseInt(args[1]);
        try (MockStagingServer server = MockStagingServer.builder().start()) {
            Target target = Target.mock(server.httpUri(), server.webSocketUri(), server.secret());
            for (int i = 0; i < warmups; i++) {
                try (AgentSocket socket = AgentSocket.connect(target, "warm-" + i, Duration.ofSeconds(2))) {
                    socket.awaitWelcome(Duration.ofSeconds(2));
                }
                time(() -> server.inject(Fault.hang(), Scope.webSocket()), target, "hang-warm-" + i, HANG_TIMEOUT);
                time(() -> server.inject(Fault.refuse()), target, "refuse-warm-" + i, REFUSE_TIMEOUT);
            }
            for (int i = 0; i < reps; i++) {
                System.out.println("HANG " + time(() -> server.inject(Fault.hang(), Scope.webSocket()), target,
                        "hang-" + i, HANG_TIMEOUT));
                System.out.println("REFUSED " + time(() -> server.inject(Fault.refuse()), target,
                        "refuse-" + i, REFUSE_TIMEOUT));
            }
        }
        System.out.println("DONE");
        System.exit(0);
    }

    /** "ms outcome": from the connect call to the outcome, with the fault on; "ms none" if the connect succeeded. */
    @SuppressWarnings("try")   // the fault is held, and the socket opened, for the timed call alone: try says so
    private static String time(Supplier<FaultHandle> fault, Target target, String user, Duration timeout) {
        try (FaultHandle ignored = fault.get()) {
            long start = System.nanoTime();
            try (AgentSocket socket = AgentSocket.connect(target, user, timeout)) {
                return String.format(Locale.ROOT, "%.3f none", (System.nanoTime() - start) / 1e6);
            } catch (OutcomeException e) {
                long end = System.nanoTime();
                return String.format(Locale.ROOT, "%.3f %s", (end - start) / 1e6, e.outcome().getClass().getSimpleName());
            }
        }
    }
}
