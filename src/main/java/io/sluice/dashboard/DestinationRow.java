package io.sluice.dashboard;

import io.sluice.flowcontrol.FlowSnapshot;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One site as the destinations table shows it: its flow-control snapshot, its parked count (-1 when the database
 * could not be asked), the messages waiting in this instance's memory and its SMTP connections as text.
 */
record DestinationRow(FlowSnapshot flow, long parked, int inMemory, String connections) {

    String site() {
        return flow.key();
    }

    /** The learned limit operators care about: where deferrals began, else the highest clean rate, else none. */
    Double learnedLimit() {
        if (flow.learned() == null || flow.learned().isEmpty()) {
            return null;
        }
        double onset = flow.learned().deferralOnsetRate();
        double clean = flow.learned().cleanMaxRate();
        double limit = !Double.isNaN(onset) ? onset : clean;
        return Double.isNaN(limit) ? null : limit;
    }

    boolean matches(String filterLowerCase) {
        return filterLowerCase.isEmpty()
                || site().toLowerCase().contains(filterLowerCase)
                || flow.state().name().toLowerCase().contains(filterLowerCase)
                || Objects.toString(flow.reason(), "").toLowerCase().contains(filterLowerCase);
    }

    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("site", site());
        m.put("state", flow.state().name());
        m.put("heldBack", flow.heldBack());
        m.put("rate", round(flow.rate()));
        m.put("maxRate", round(flow.configuredMaxRate()));
        Double learned = learnedLimit();
        m.put("learnedLimit", learned == null ? null : round(learned));
        m.put("since", text(flow.since()));
        m.put("until", text(flow.until()));
        m.put("reason", Objects.toString(flow.reason(), ""));
        m.put("parked", parked);
        m.put("inMemory", inMemory);
        m.put("connections", Objects.toString(connections, ""));
        return m;
    }

    static String text(Instant instant) {
        return instant == null ? "" : instant.toString();
    }

    private static double round(double v) {
        return Double.isFinite(v) ? Math.round(v * 100) / 100.0 : v;
    }
}
