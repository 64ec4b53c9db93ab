package io.sluice.simulate;

import io.sluice.diagnosis.TimelinePage;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What {@code simulate} prints: one line per policy (a contract: scripts read it), then the rate over time side by
 * side, at most {@link #MAX_ROWS} rows; and the HTML page of the same runs.
 */
public final class SimulationText {

    /** Rows of the rate-over-time table: seconds are grouped into steps to stay within it. */
    static final int MAX_ROWS = 40;

    /**
     * One policy's run, named as the output names it ("current", "candidate").
     *
     * @param over how the result was had, printed under the runs' lines (the phases' spread), or empty
     */
    public record Run(String name, String files, Simulation.Result result, String over) {

        public Run(String name, String files, Simulation.Result result) {
            this(name, files, result, "");
        }
    }

    private SimulationText() {
    }

    /** {@code current: delivered 240 in 96.4 s (ideal 80.0 s), 23 deferred}; refusals count as deferrals. */
    public static String line(String name, Simulation.Result r) {
        return String.format(Locale.ROOT, "%s: delivered %d in %.1f s (ideal %.1f s), %d deferred", name, r.delivered(),
                r.seconds(), r.idealSeconds(), r.deferred() + r.refused());
    }

    public static void print(PrintStream out, List<Run> runs) {
        for (Run run : runs) {
            out.println(line(run.name(), run.result()));
        }
        for (Run run : runs) {
            Simulation.Result r = run.result();
            out.printf(Locale.ROOT, "  %s (%s): %.2fx the ideal, %.1f %% of %d attempts deferred%s%s%n", run.name(),
                    run.files(), r.idealSeconds() == 0 ? 0 : r.seconds() / r.idealSeconds(), 100 * r.badShare(),
                    r.attempts(), r.refused() == 0 ? "" : " (" + r.refused() + " refused connections)",
                    r.complete() ? "" : "; stopped at --max-time with " + (r.messages() - r.delivered())
                            + " not delivered");
            if (!run.over().isEmpty()) {
                out.printf("    %s%n", run.over());
            }
        }
        int seconds = runs.stream().mapToInt(r -> r.result().timeline().size()).max().orElse(0);
        int step = Math.max(1, (seconds + MAX_ROWS - 1) / MAX_ROWS);
        out.println();
        out.println("Rate over time (per " + step + " s; sent and deferred in the step, rate and state at its end):");
        StringBuilder head = new StringBuilder(String.format("  %7s", "t(s)"));
        runs.forEach(r -> head.append(String.format("  | %-9s %6s %8s %7s %-9s", r.name(), "sent", "deferred",
                "rate", "state")));
        out.println(head);
        for (int end = step; end < seconds + step; end += step) {
            StringBuilder row = new StringBuilder(String.format("  %7d", Math.min(end, seconds)));
            for (Run run : runs) {
                List<Simulation.Second> t = run.result().timeline();
                if (end - step >= t.size()) {
                    row.append(String.format("  | %-9s %6s %8s %7s %-9s", "", "", "", "", "(done)"));
                    continue;
                }
                Simulation.Second last = t.get(Math.min(end, t.size()) - 1);
                Simulation.Second before = end - step == 0 ? null : t.get(end - step - 1);
                row.append(String.format(Locale.ROOT, "  | %-9s %6d %8d %7.2f %-9s", "",
                        last.accepted() - (before == null ? 0 : before.accepted()),
                        last.deferred() + last.refused() - (before == null ? 0 : before.deferred() + before.refused()),
                        last.rate(), last.state()));
            }
            out.println(row);
        }
    }

    /** The runs' timelines as one self-contained page, drawn as the diagnosis report draws a domain's. */
    public static String page(String site, ReceiverModel model, List<Run> runs) {
        int seconds = Math.max(1, runs.stream().mapToInt(r -> r.result().timeline().size()).max().orElse(1));
        int slices = Math.min(seconds, MAX_ROWS);
        int width = (seconds + slices - 1) / slices;
        List<TimelinePage.Lane> lanes = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        lines.add(model.describe());
        for (Run run : runs) {
            long[] sent = new long[slices];
            long[] bad = new long[slices];
            Simulation.Second before = null;
            for (Simulation.Second s : run.result().timeline()) {
                int i = Math.min(slices - 1, (s.second() - 1) / width);
                sent[i] += s.accepted() - (before == null ? 0 : before.accepted());
                bad[i] += s.deferred() + s.refused() - (before == null ? 0 : before.deferred() + before.refused());
                before = s;
            }
            lines.add(line(run.name(), run.result()) + " [" + run.files() + "]");
            lanes.add(new TimelinePage.Lane(run.name(), line(run.name(), run.result()), Simulation.START,
                    Duration.ofSeconds(width), sent, bad, run.result().events()));
        }
        return TimelinePage.render("Sluice simulate: " + site, lines, Simulation.START,
                Simulation.START.plusSeconds((long) slices * width), lanes);
    }
}
