package dev.understudy.mock.internal.run;

import org.xnio.XnioExecutor;

import java.util.concurrent.CompletableFuture;

/** Where a run's frames go: the WebSocket wing's connection implements it, so this wing needs nothing of that one. */
public interface RunSink {

    /** Who the run speaks for. */
    String userId();

    /** The upgrade path: run faults scope on it. */
    String path();

    /** Whether frames can still go out. */
    boolean isOpen();

    /** Sends one text frame as is. */
    void send(String text);

    /** Runs a task on the sink's IO thread after a pause. */
    XnioExecutor.Key after(long millis, Runnable task);

    /** Closes with a close frame. */
    CompletableFuture<Void> close(int code, String reason);

    /** Closes the TCP connection with no close frame. */
    void drop();

    /** Tells the client its run request can't be played, leaving the socket open. */
    void refuse(String message);

    /**
     * Notes (in the journal) a run fault that struck this run.
     *
     * @param expectedAfter for an omitted event, the event the scenario sends just before it, else null
     */
    default void struck(dev.understudy.mock.fault.Fault fault, String expectedAfter) {
    }
}
