package dev.understudy.mock.fault;

/** A fault that strikes one HTTP request (the WebSocket upgrade request included): status, delay, hang, close. */
public sealed interface HttpFault extends Fault
        permits Fault.Status, Fault.Delay, Fault.Hang, Fault.CloseConnection, Fault.NoHealthConfig {

    @Override
    default Phase phase() {
        return Phase.HTTP_REQUEST;
    }

    /** Hands this fault to the HTTP wing. */
    void apply(Injector injector);

    /** What the server's HTTP wing does for each HTTP fault; implemented by the server, not by users. */
    interface Injector {
        /** Answer with this status (terminal). */
        void status(Fault.Status fault);

        /** Wait, then go on. */
        void delay(Fault.Delay fault);

        /** Never answer (terminal). */
        void hang();

        /** Close the connection without answering (terminal). */
        void closeConnection();

        /** Go on, with health's {@code config} block left out. */
        void noHealthConfig();
    }
}
