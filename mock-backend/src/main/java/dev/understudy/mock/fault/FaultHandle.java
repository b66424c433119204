package dev.understudy.mock.fault;

/**
 * An injected fault; {@link #close()} removes it, so try-with-resources scopes a fault to a block.
 */
public interface FaultHandle extends AutoCloseable {

    /** The rule's id, as the admin API lists it. */
    String id();

    /** The rule now: how many chances it got, how often it struck, whether it is still active. */
    FaultRule rule();

    /** Removes the fault; removing twice is harmless. */
    @Override
    void close();
}
