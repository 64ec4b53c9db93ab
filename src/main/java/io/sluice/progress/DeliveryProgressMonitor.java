package io.sluice.progress;

import io.sluice.lifecycle.DeliveryBoard;
import io.sluice.lifecycle.DeliveryCommands;
import io.sluice.lifecycle.DeliveryControl;
import io.sluice.lifecycle.DeliveryState;
import io.sluice.lifecycle.SendingWindow;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.StandardMBean;
import javax.sql.DataSource;
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tracks the deliveries running or paused: {@link #sync()} (route {@code delivery-progress-mbeans}) registers an
 * MBean per delivery in state 51/55/61/62/71/72/75 and removes those that finished or stopped (one small query
 * on NmsDelivery); the MBean also carries the lifecycle operations (pause, resume, stop, caps, window);
 * {@link #logProgress()} (route {@code delivery-progress-log}) logs one line per delivery. Counts are read from
 * the broadlog lazily, at most once per {@code minRefresh} per delivery, whoever asks (JMX or the log).
 */
public final class DeliveryProgressMonitor extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger("io.sluice.progress");
    private static final Duration RATE_WINDOW = Duration.ofSeconds(60);

    private final DataSource dataSource;
    private final DeliveryProgress progress;
    private final Clock clock;
    private final Duration minRefresh;
    private final String instance;
    private final DeliveryBoard board;
    private final DeliveryCommands commands;
    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    private final Map<Long, Tracked> tracked = new ConcurrentHashMap<>();

    public DeliveryProgressMonitor(DataSource dataSource, Clock clock, Duration minRefresh, String instance,
                                   DeliveryBoard board, DeliveryCommands commands) {
        this.board = board;
        this.commands = commands;
        this.dataSource = dataSource;
        this.progress = new DeliveryProgress(dataSource);
        this.clock = clock;
        this.minRefresh = minRefresh;
        this.instance = instance;
    }

    public static ObjectName objectName(String instance, long deliveryId) throws Exception {
        return new ObjectName("sluice" + (instance.isEmpty() ? "" : "." + instance) + ":type=Delivery,name=" + deliveryId);
    }

    /** A delivery's figures at one moment. */
    public record Snapshot(long deliveryId, String name, long sent, long failed, long pending, long queued,
                           long retryLater, double rate, Instant at) {
        public long total() {
            return sent + failed + pending;
        }

        public long etaSeconds() {
            return rate <= 0 ? -1 : (long) Math.ceil(pending / rate);
        }

        public String eta() {
            long s = etaSeconds();
            if (s < 0) {
                return "unknown";
            }
            return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60)
                    : s >= 60 ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60) : s + "s";
        }

        public double percentSent() {
            return total() == 0 ? 0 : 100.0 * sent / total();
        }

        /** "delivery DM123: 45,000/100,000 sent (45%), 1,200 failed, 3,000 queued by flow control, 820 msg/s, ETA 1m07s" */
        public String sentence() {
            String r = rate >= 10 ? String.format(Locale.ROOT, "%,.0f", rate) : String.format(Locale.ROOT, "%.1f", rate);
            return String.format(Locale.ROOT, "delivery %s: %,d/%,d sent (%.0f%%), %,d failed, %,d queued by flow control,"
                            + " %s msg/s, ETA %s", name, sent, total(), Math.floor(percentSent()), failed, queued, r,
                    pending == 0 ? "0s" : eta());
        }
    }

    /** Registers MBeans for deliveries In progress, removes the others'. Returns the ids in progress. */
    public synchronized List<Long> sync() throws SQLException {
        Map<Long, String> inProgress = new LinkedHashMap<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT iDeliveryId, sInternalName FROM NmsDelivery WHERE iState IN (51, 55, 61, 62, 71, 72, 75)"
                        + " ORDER BY iDeliveryId")) {
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    inProgress.put(rs.getLong(1), rs.getString(2));
                }
            }
        }
        for (Map.Entry<Long, String> e : inProgress.entrySet()) {
            tracked.computeIfAbsent(e.getKey(), id -> register(new Tracked(id, e.getValue())));
        }
        for (Long id : new ArrayList<>(tracked.keySet())) {
            if (!inProgress.containsKey(id)) {
                Tracked t = tracked.remove(id);
                unregister(t);
                if (t.last != null) {
                    LOG.info("delivery {} finished: {} sent, {} failed", t.name, fmt(t.last.sent), fmt(t.last.failed));
                }
            }
        }
        return new ArrayList<>(inProgress.keySet());
    }

    /** One progress line per delivery In progress (route delivery-progress-log). */
    public void logProgress() throws SQLException {
        sync();
        for (Tracked t : tracked.values()) {
            LOG.info(t.snapshot(true).sentence() + t.status());
        }
    }

    public Snapshot snapshot(long deliveryId) {
        Tracked t = tracked.get(deliveryId);
        return t == null ? null : t.snapshot(false);
    }

    @Override
    protected void doStop() {
        tracked.values().forEach(this::unregister);
        tracked.clear();
    }

    private Tracked register(Tracked t) {
        try {
            ObjectName name = objectName(instance, t.id);
            if (!server.isRegistered(name)) {
                server.registerMBean(new StandardMBean(t, DeliveryProgressMBean.class), name);
            }
        } catch (Exception e) {
            LOG.warn("Cannot register the progress MBean of delivery {}: {}", t.id, e.toString());
        }
        return t;
    }

    private void unregister(Tracked t) {
        try {
            ObjectName name = objectName(instance, t.id);
            if (server.isRegistered(name)) {
                server.unregisterMBean(name);
            }
        } catch (Exception e) {
            LOG.debug("Cannot unregister the progress MBean of delivery {}", t.id, e);
        }
    }

    private static String fmt(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** One delivery: its latest snapshot and the recent (time, done) samples the rate is computed from. */
    private final class Tracked implements DeliveryProgressMBean {
        final long id;
        final String name;
        final Deque<long[]> samples = new ArrayDeque<>(); // {epochMillis, sent + failed}
        volatile Snapshot last;

        Tracked(long id, String name) {
            this.id = id;
            this.name = name == null ? String.valueOf(id) : name;
        }

        synchronized Snapshot snapshot(boolean forLog) {
            Instant now = clock.instant();
            if (last != null && Duration.between(last.at(), now).compareTo(forLog ? Duration.ZERO : minRefresh) < 0) {
                return last;
            }
            if (last != null && forLog && Duration.between(last.at(), now).compareTo(Duration.ofSeconds(1)) < 0) {
                return last;
            }
            try {
                DeliveryProgress.Counts counts = progress.counts(id);
                DeliveryProgress.Pending pending = progress.pending(id);
                long done = counts.sent() + counts.failed();
                samples.addLast(new long[]{now.toEpochMilli(), done});
                while (samples.size() > 2 && now.toEpochMilli() - samples.peekFirst()[0] > RATE_WINDOW.toMillis()) {
                    samples.removeFirst();
                }
                long[] first = samples.peekFirst();
                double seconds = (now.toEpochMilli() - first[0]) / 1000.0;
                double rate = seconds <= 0 ? 0 : Math.max(0, (done - first[1]) / seconds);
                last = new Snapshot(id, name, counts.sent(), counts.failed(), counts.pending(),
                        pending.queuedByFlowControl() + pending.quotasMet(), pending.retryLater(), rate, now);
            } catch (SQLException e) {
                LOG.debug("Cannot read the progress of delivery {}", id, e);
                if (last == null) {
                    last = new Snapshot(id, name, 0, 0, 0, 0, 0, 0, now);
                }
            }
            return last;
        }

        private Snapshot s() {
            return snapshot(false);
        }

        @Override public long getDeliveryId() { return id; }
        @Override public String getInternalName() { return name; }
        @Override public long getTotal() { return s().total(); }
        @Override public long getSent() { return s().sent(); }
        @Override public long getFailed() { return s().failed(); }
        @Override public long getPending() { return s().pending(); }
        @Override public long getQueuedByFlowControl() { return s().queued(); }
        @Override public long getRetryLater() { return s().retryLater(); }
        @Override public double getPercentDone() {
            Snapshot x = s();
            return x.total() == 0 ? 0 : 100.0 * (x.sent() + x.failed()) / x.total();
        }
        @Override public double getRate() { return s().rate(); }
        @Override public String getEta() { return s().eta(); }
        @Override public long getEtaSeconds() { return s().etaSeconds(); }
        @Override public String getSummary() { return s().sentence() + status(); }
        @Override public String getUpdated() { return String.valueOf(s().at()); }

        /** What holds the delivery, as the end of the progress sentence: ", paused", ", waiting for window ...". */
        String status() {
            DeliveryControl c = board.control(id);
            if (c != null && c.state() != DeliveryState.IN_PROGRESS && c.state() != DeliveryState.RECOVERY_IN_PROGRESS) {
                return ", " + c.state().label().toLowerCase(Locale.ROOT);
            }
            Snapshot x = last;
            if (x != null && x.total() == 0) {
                // started before its rows were written: finished empty after sluice.lifecycle.empty-delivery-grace
                return ", no broadlog rows yet";
            }
            if (!board.windowOpen(id)) {
                SendingWindow w = board.windowOf(id);
                return w == null ? ", waiting for window (its window is not valid)"
                        : ", waiting for window " + w + " (opens " + w.nextOpening(clock.instant()).atZone(w.zone())
                        .toLocalDateTime().withNano(0) + ")";
            }
            return "";
        }

        @Override public String getState() {
            DeliveryControl c = board.control(id);
            return c == null ? "unknown" : c.state().toString();
        }
        @Override public int getCap() {
            DeliveryControl c = board.control(id);
            return c == null || c.maxRate() == null ? 0 : c.maxRate();
        }
        @Override public String getWindow() {
            SendingWindow w = board.windowOf(id);
            return w == null ? "always" : w.toString();
        }
        @Override public boolean isWaitingForWindow() { return !board.windowOpen(id); }
        @Override public String pause() throws Exception { return commands.pause(id); }
        @Override public String resume() throws Exception { return commands.resume(id); }
        @Override public String stop() throws Exception { return commands.stop(id); }
        @Override public String setCap(int messagesPerSecond) throws Exception { return commands.setCap(id, messagesPerSecond); }
        @Override public String setWindow(String window) throws Exception { return commands.setWindow(id, window); }
    }
}
