package dev.understudy.contract;

import java.time.Duration;

/** The suite's waits: long enough for a real staging deployment, and only ever reached when something is wrong. */
final class Waits {
    static final Duration CONNECT = Duration.ofSeconds(15);
    static final Duration FRAME = Duration.ofSeconds(10);
    static final Duration RUN_GAP = Duration.ofSeconds(30);
    static final Duration RUN_TOTAL = Duration.ofSeconds(90);
    static final Duration HTTP = Duration.ofSeconds(15);

    private Waits() {
    }
}
