package dev.understudy.mock.internal.ws;

import dev.understudy.mock.WebSocketSettings;
import dev.understudy.mock.WelcomeForm;
import dev.understudy.mock.fault.Fault;
import dev.understudy.mock.fault.Phase;
import dev.understudy.mock.fault.UpgradeFault;
import dev.understudy.mock.internal.fault.FaultEngine;
import dev.understudy.mock.internal.fault.Holds;

/**
 * The session's start (docs/contract.md §3), where the upgrade faults strike: the welcome first, then the idle
 * heartbeat; or silence, a late welcome, a close or a drop.
 */
public final class SessionStart {

    private final FaultEngine engine;
    private final Frames.Welcome welcome;
    private final WebSocketSettings settings;
    private final Holds holds;

    public SessionStart(FaultEngine engine, WelcomeForm welcomeForm, WebSocketSettings settings) {
        this(engine, welcomeForm, settings, Holds.unbounded());
    }

    /** @param holds the bound silenced sockets count against, with the other faults that hold a connection */
    public SessionStart(FaultEngine engine, WelcomeForm welcomeForm, WebSocketSettings settings, Holds holds) {
        this.holds = holds;
        this.engine = engine;
        this.welcome = new Frames.Welcome(welcomeForm, settings);
        this.settings = settings;
    }

    /** Called once a socket is admitted. */
    void opened(Connection conn) {
        if (!engine.armed(Phase.AFTER_UPGRADE)) {
            welcome(conn);
            return;
        }
        Fault fault = engine.decide(Phase.AFTER_UPGRADE, conn.path(), conn.userId());
        if (fault == null) {
            welcome(conn);
            return;
        }
        conn.journal().fault(fault, null);
        // the engine files a rule under its fault's phase, and every AFTER_UPGRADE fault is an UpgradeFault
        ((UpgradeFault) fault).apply(new UpgradeFault.Injector() {
            @Override
            public void noWelcome() {
                // the socket stays open and mute until its client leaves (Undertow sees its close or FIN);
                // past the bound of held connections it is closed 1013 instead
                if (!holds.tryAcquire()) {
                    conn.close(Close.TRY_AGAIN_LATER, "Too many connections held by faults");
                    return;
                }
                Runnable release = holds.releaseOnce();
                conn.channel().addCloseTask(ch -> release.run());
                if (!conn.channel().isOpen()) {
                    release.run(); // the client left before the fault struck: the task will never run
                }
                conn.silence();
            }

            @Override
            public void delayWelcome(Fault.DelayWelcome f) {
                conn.after(f.delay().toMillis(), () -> welcome(conn));
            }

            @Override
            public void close(Fault.CloseSocket f) {
                conn.close(f.code(), f.reason());
            }

            @Override
            public void drop() {
                conn.drop();
            }
        });
    }

    private void welcome(Connection conn) {
        conn.send(welcome.render(conn.id(), conn.userId()));
        Heartbeat.start(settings, conn);
    }
}
