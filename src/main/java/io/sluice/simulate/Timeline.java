package io.sluice.simulate;

import io.sluice.flowcontrol.DomainFlow;
import java.util.ArrayList;
import java.util.List;

/** The per-second table of a {@link Simulation}, built as the virtual clock moves. */
final class Timeline {
    private final List<Simulation.Second> seconds = new ArrayList<>();
    private long accepted;
    private long deferred;
    private long refused;
    private double rate;
    private String state = "NORMAL";

    /** Closes every second that ended before {@code nanos}, with the flow as it stood. */
    void at(long nanos, DomainFlow flow) {
        int second = (int) (nanos / 1_000_000_000L);
        while (seconds.size() < second) {
            seconds.add(new Simulation.Second(seconds.size() + 1, accepted, deferred, refused, rate, state));
        }
        rate = flow.currentRate();
        state = flow.getState().name();
    }

    void accepted() {
        accepted++;
    }

    void deferred() {
        deferred++;
    }

    void refused() {
        refused++;
    }

    List<Simulation.Second> seconds() {
        List<Simulation.Second> all = new ArrayList<>(seconds);
        all.add(new Simulation.Second(seconds.size() + 1, accepted, deferred, refused, rate, state));
        return all;
    }
}
