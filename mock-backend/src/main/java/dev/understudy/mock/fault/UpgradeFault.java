package dev.understudy.mock.fault;

/** A fault that strikes a WebSocket right after its 101, before the welcome: silence, a late welcome, close, drop. */
public sealed interface UpgradeFault extends Fault
        permits Fault.NoWelcome, Fault.DelayWelcome, Fault.CloseSocket, Fault.Drop {

    @Override
    default Phase phase() {
        return Phase.AFTER_UPGRADE;
    }

    /** Hands this fault to the WebSocket wing. */
    void apply(Injector injector);

    /** What the server's WebSocket wing does for each upgrade fault; implemented by the server, not by users. */
    interface Injector {
        void noWelcome();

        void delayWelcome(Fault.DelayWelcome fault);

        void close(Fault.CloseSocket fault);

        void drop();
    }
}
