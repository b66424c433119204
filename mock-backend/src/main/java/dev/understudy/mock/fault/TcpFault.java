package dev.understudy.mock.fault;

/** A fault that strikes a TCP connection before any byte is read: refuse, blackhole, reset. */
public sealed interface TcpFault extends Fault permits Fault.Refuse, Fault.Blackhole, Fault.Reset {

    @Override
    default Phase phase() {
        return Phase.TCP_CONNECT;
    }

    /** Hands this fault to the TCP wing. */
    void apply(Injector injector);

    /** What the server's TCP wing does for each TCP fault; implemented by the server, not by users. */
    interface Injector {
        /** A connection accepted while refusing (the listener closes itself; this is the race at its edge). */
        void refuse();

        /** Hold the connection: never read, never write. */
        void blackhole();

        /** Close with an RST. */
        void reset();
    }
}
