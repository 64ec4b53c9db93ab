package io.sluice.metrics;

import io.sluice.broadlog.BroadlogTexts;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.sluice.flowcontrol.FlowControlRegistry;
import io.sluice.flowcontrol.FlowSnapshot;
import io.sluice.parking.Parking;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Flow-control gauges. Tag cardinality is bounded: the held-back domains and then the busiest ones (attempts in
 * the last and current window) up to {@code topN} get their own {@code domain} tag; all others are summed under
 * {@code domain="other"}. Refreshed on each scrape ({@link #refresh()}).
 */
public final class FlowControlMetrics {

    public static final String OTHER = "other";
    static final String PARKED_BY_DOMAIN = "SELECT b.sDomain, COUNT(*) FROM NmsBroadLogRcp b"
            + " JOIN NmsBroadLogMsg m ON m.iBroadLogMsgId = b.iMsgId"
            + " WHERE b.iStatus = 6 AND m.sText IN (?, ?) AND b.tsLeaseUntil > CURRENT_TIMESTAMP GROUP BY b.sDomain";

    private final FlowControlRegistry registry;
    private final DataSource dataSource;
    private final int topN;
    private final MultiGauge state;
    private final MultiGauge heldBack;
    private final MultiGauge rate;
    private final MultiGauge parked;
    private final java.util.function.Function<String, java.util.Set<String>> domainsOf;

    public FlowControlMetrics(MeterRegistry meters, FlowControlRegistry registry, DataSource dataSource, int topN) {
        this(meters, registry, dataSource, topN, key -> java.util.Set.of(key));
    }

    /** @param domainsOf the recipient domains counted under a flow-control key (a site's domains) */
    public FlowControlMetrics(MeterRegistry meters, FlowControlRegistry registry, DataSource dataSource, int topN,
                              java.util.function.Function<String, java.util.Set<String>> domainsOf) {
        this.domainsOf = domainsOf;
        this.registry = registry;
        this.dataSource = dataSource;
        this.topN = topN;
        state = MultiGauge.builder("sluice.domain.state")
                .description("Flow-control state per domain: 0 NORMAL, 1 BACKOFF, 2 PROBING, 3 SUSPENDED"
                        + " (domain=other: the worst state among the other domains)").register(meters);
        heldBack = MultiGauge.builder("sluice.domain.held.back")
                .description("Domains held back by flow control (1/0 per domain; a count for domain=other)").register(meters);
        rate = MultiGauge.builder("sluice.domain.rate").baseUnit("messages.per.second")
                .description("Messages per second flow control allows now (summed for domain=other)").register(meters);
        parked = MultiGauge.builder("sluice.domain.parked").baseUnit("messages")
                .description("Messages parked on the broker by flow control (summed for domain=other)").register(meters);
        Gauge.builder("sluice.domains.known", registry, r -> r.snapshots().size())
                .description("Domains known to flow control").register(meters);
        Gauge.builder("sluice.domains.held.back", registry,
                        r -> r.snapshots().stream().filter(FlowSnapshot::heldBack).count())
                .description("Domains held back by flow control").register(meters);
        Gauge.builder("sluice.sender.problem", registry,
                        r -> "HEALTHY".equals(r.getSenderState().snapshot().state().name()) ? 0 : 1)
                .description("1 while sending is paused for a sender-side problem").register(meters);
    }

    static int stateCode(FlowSnapshot s) {
        return switch (s.state().name()) {
            case "NORMAL" -> 0;
            case "BACKOFF" -> 1;
            case "PROBING" -> 2;
            case "SUSPENDED" -> 3;
            default -> -1;
        };
    }

    static long volume(FlowSnapshot s) {
        return (s.lastWindow() == null ? 0 : s.lastWindow().attempts())
                + (s.currentWindow() == null ? 0 : s.currentWindow().attempts());
    }

    /** Re-computes the rows (which domains are tagged) from the registry and the campaign database. */
    public synchronized void refresh() {
        Map<String, Long> parkedByDomain = parkedByDomain();
        List<FlowSnapshot> all = new ArrayList<>(registry.snapshots());
        all.sort(Comparator.comparing((FlowSnapshot s) -> !s.heldBack()).thenComparing(s -> -volume(s))
                .thenComparing(FlowSnapshot::key));
        List<MultiGauge.Row<?>> states = new ArrayList<>();
        List<MultiGauge.Row<?>> held = new ArrayList<>();
        List<MultiGauge.Row<?>> rates = new ArrayList<>();
        List<MultiGauge.Row<?>> parks = new ArrayList<>();
        int otherState = 0;
        long otherHeld = 0;
        double otherRate = 0;
        long otherParked = 0;
        boolean others = false;
        for (int i = 0; i < all.size(); i++) {
            FlowSnapshot s = all.get(i);
            long p = domainsOf.apply(s.key()).stream().mapToLong(d -> parkedByDomain.getOrDefault(d, 0L)).sum();
            if (i < topN) {
                Tags tags = Tags.of("domain", s.key());
                states.add(MultiGauge.Row.of(tags, stateCode(s)));
                held.add(MultiGauge.Row.of(tags, s.heldBack() ? 1 : 0));
                rates.add(MultiGauge.Row.of(tags, s.rate()));
                parks.add(MultiGauge.Row.of(tags, p));
            } else {
                others = true;
                otherState = Math.max(otherState, stateCode(s));
                otherHeld += s.heldBack() ? 1 : 0;
                otherRate += s.rate();
                otherParked += p;
            }
        }
        if (others) {
            Tags tags = Tags.of("domain", OTHER);
            states.add(MultiGauge.Row.of(tags, otherState));
            held.add(MultiGauge.Row.of(tags, otherHeld));
            rates.add(MultiGauge.Row.of(tags, otherRate));
            parks.add(MultiGauge.Row.of(tags, otherParked));
        }
        state.register(states, true);
        heldBack.register(held, true);
        rate.register(rates, true);
        parked.register(parks, true);
    }

    private Map<String, Long> parkedByDomain() {
        Map<String, Long> counts = new HashMap<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(PARKED_BY_DOMAIN)) {
            ps.setString(1, BroadlogTexts.DYNAMIC_FLOW_CONTROL);
            ps.setString(2, BroadlogTexts.QUOTAS_MET);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    counts.put(rs.getString(1), rs.getLong(2));
                }
            }
        } catch (SQLException e) {
            // database unreachable: parked counts unknown this scrape (health says why)
        }
        return counts;
    }
}
