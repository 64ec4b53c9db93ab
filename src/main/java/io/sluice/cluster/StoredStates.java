package io.sluice.cluster;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per site, the flow-control state text this instance last read from or wrote to {@code SluiceFlowState}, with the
 * row's version: an unchanged state is not written again, and a change is written only over the version it was made
 * from (compare-and-set, {@link SharedFlowState}). Shared by {@link FlowStateStore} and {@link SharedFlowState}.
 */
final class StoredStates {

    /** A state text and the version of the row it was read from or written to. */
    record Stored(String text, long version) {
    }

    private final Map<String, Stored> bySite = new ConcurrentHashMap<>();

    /** The site's last known row, or null. */
    Stored get(String site) {
        return bySite.get(site);
    }

    /** Records a row read or written (the callers look at the version known first). */
    void put(String site, String text, long version) {
        bySite.put(site, new Stored(text, version));
    }

    /** True when {@code text} is what the database holds for the site as far as this instance knows. */
    boolean isStored(String site, String text) {
        Stored s = bySite.get(site);
        return s != null && s.text().equals(text);
    }
}
