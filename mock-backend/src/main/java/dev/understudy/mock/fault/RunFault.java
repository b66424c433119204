package dev.understudy.mock.fault;

/** A fault that changes an agent run's events: left out, doubled, swapped, late, malformed, or the run cut short. */
public sealed interface RunFault extends Fault permits Fault.StallAfter, Fault.Omit, Fault.Duplicate, Fault.Reorder,
        Fault.DelayEvent, Fault.Malformed, Fault.FailRun, Fault.CloseAfter, Fault.DropAfter {

    @Override
    default Phase phase() {
        return Phase.RUN;
    }

    /** Hands this fault to the run wing (its plan). */
    void apply(Injector injector);

    /** What the server's run plan does for each run fault; implemented by the server, not by users. */
    interface Injector {
        void stallAfter(Fault.StallAfter fault);

        void omit(Fault.Omit fault);

        void duplicate(Fault.Duplicate fault);

        void reorder(Fault.Reorder fault);

        void delayEvent(Fault.DelayEvent fault);

        void malformed(Fault.Malformed fault);

        void failRun(Fault.FailRun fault);

        void closeAfter(Fault.CloseAfter fault);

        void dropAfter(Fault.DropAfter fault);
    }
}
