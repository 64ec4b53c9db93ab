package io.sluice.dashboard;

import java.util.List;
import java.util.Map;

/**
 * {@code sluice:type=Console}: what the console's Sluice page shows and does, in a few operations instead of one
 * MBean read per site. Maps and lists of plain values (Jolokia sends them as JSON); instants as ISO-8601 text, ""
 * when there is none.
 */
public interface DashboardMBean {

    /**
     * One page of the sites flow control knows: {@code total} (matching the filter), {@code all}, {@code first},
     * {@code count}, {@code queryMillis} and {@code rows} (site, state, heldBack, rate, maxRate, learnedLimit,
     * since, until, reason, parked, inMemory, connections). Parked counts come from one query for every site.
     *
     * @param filter     case-insensitive part of the site, its state or its reason; empty for all
     * @param sortBy     site, state, rate, learnedLimit, since, until, reason, parked or inMemory
     * @param descending largest first
     * @param first      index of the first row (0-based)
     * @param count      rows on the page (1 to 500)
     */
    Map<String, Object> destinations(String filter, String sortBy, boolean descending, int first, int count);

    /** Back to NORMAL at once. */
    String resetSite(String site);

    /** Caps a site's rate for a while. */
    String setSiteRate(String site, double messagesPerSecond, long seconds);

    /** Stops sending to a site for a while. */
    String suspendSite(String site, long seconds);

    /** Sends a site's parked mail now (through the throttle at its current rate). */
    String releaseParked(String site);

    /**
     * The deliveries running or paused: id, name, state, total, sent, failed, pending, percentDone, rate, eta,
     * etaSeconds, verdict and mbean (its {@code sluice:type=Delivery} MBean, whose pause, resume and stop the page
     * calls).
     */
    List<Map<String, Object>> deliveries();

    /**
     * A site's last minutes: {@code points} (sent, deferred, failed per bucket, from SluiceAttemptLog),
     * {@code rates} (its rate after each change) and {@code bands} (its states, from SluiceFlowEvent).
     */
    Map<String, Object> timeline(String site, int minutes);

    /** The sender state and why: state, reason, since, heldBackDomains, knownDomains. */
    Map<String, Object> sender();
}
