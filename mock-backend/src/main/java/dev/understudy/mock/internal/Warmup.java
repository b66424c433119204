package dev.understudy.mock.internal;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Loads, on a second core, what start-up and the first WebSocket will need (the platform MBean server XNIO
 * registers with, Jackson's databind, JJWT's parser and minting, the default scenario) while the starting thread
 * brings up XNIO and Undertow: cold, each costs tens to hundreds of milliseconds of class loading, and none of it
 * but the MBean server is needed to serve the first {@code /health}.
 */
public final class Warmup {

    private static final AtomicBoolean JVM_WIDE_DONE = new AtomicBoolean();

    private Warmup() {
    }

    /** Starts the warm-up on a daemon thread, once per JVM: a warm JVM has nothing left to load. */
    public static void begin(ServerContext ctx) {
        if (Boolean.getBoolean("understudy.noWarmup")) {
            return;
        }
        if (!JVM_WIDE_DONE.compareAndSet(false, true)) {
            return;
        }
        Thread t = new Thread(() -> {
            try {
                {
                    // XNIO's class init (logging, provider lookup, MBeans) costs ~100 ms cold
                    org.xnio.Xnio.getInstance(Warmup.class.getClassLoader());
                    Frames.welcome(ctx.welcomeForm, "warmup", "warmup", ctx.settings);
                    Json.parseObject("{\"type\":\"ping\"}", "warm-up");
                    ctx.jwt.mintAccess("warmup", null, List.of(), java.time.Duration.ofMinutes(1));
                }
                ctx.jwt.parser();
                ctx.scenario();
            } catch (RuntimeException | LinkageError e) {
                // a warm-up that fails only means the first request pays for the loading itself
            }
        }, "understudy-warmup");
        t.setDaemon(true);
        t.start();
    }
}
