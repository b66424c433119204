package dev.understudy.mock.internal;

import java.util.concurrent.ThreadLocalRandom;

/** The random ids the server makes up: connections, runs, threads, relaxed users. */
public final class Ids {

    private Ids() {
    }

    /** Twelve random hex digits. */
    public static String hex() {
        return Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE).substring(0, 12);
    }
}
