package dev.understudy.mock.fault;

/** A fault that strikes the answers to the client's pings: none, or late. */
public sealed interface KeepAliveFault extends Fault permits Fault.NoPong, Fault.SlowPong {

    @Override
    default Phase phase() {
        return Phase.KEEP_ALIVE;
    }

    /** Hands this fault to the WebSocket wing's keep-alive. */
    void apply(Injector injector);

    /** What the server's keep-alive does for each keep-alive fault; implemented by the server, not by users. */
    interface Injector {
        void noPong();

        void slowPong(Fault.SlowPong fault);
    }
}
