package io.sluice.dashboard;

import io.sluice.broadlog.BroadlogTexts;
import io.sluice.flowcontrol.DomainFlow;
import io.sluice.flowcontrol.FlowControlRegistry;
import io.sluice.flowcontrol.camel.FlowGate;
import io.sluice.parking.ParkedMail;
import io.sluice.testsupport.PostgresTestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The console page's data with 1,000 sites on a real PostgreSQL: one page is answered with one query, filtered,
 * sorted and paged on the server; the actions reach the engine; a site's timeline comes from the history tables.
 */
class DashboardTest {

    static final Clock CLOCK = Clock.systemUTC();
    static PostgresTestDatabase db;
    static CountingDataSource counting;
    static FlowControlRegistry registry;
    static Dashboard dashboard;
    static Instant now;

    @BeforeAll
    static void start() throws Exception {
        db = new PostgresTestDatabase();
        counting = new CountingDataSource(db.dataSource());
        registry = FlowControlRegistry.custom().clock(CLOCK).build();
        for (int i = 0; i < 1000; i++) {
            registry.flow(String.format("site%04d.example", i));
        }
        FlowGate gate = new FlowGate(registry, CLOCK, Duration.ofSeconds(2), 100, Duration.ofSeconds(30));
        // site0007's mail also goes to alias.example's recipients (an MX site with two domains)
        java.util.function.Function<String, Set<String>> domainsOf = site -> site.equals("site0007.example")
                ? Set.of("site0007.example", "alias.example") : Set.of(site);
        ParkedMail parked = new ParkedMail(counting.dataSource, null, domainsOf, CLOCK);
        dashboard = new Dashboard(counting.dataSource, Path.of("config/sql"), registry, gate, parked, domainsOf,
                site -> site.equals("site0003.example") ? "smtp://mx.site0003.example:25 1 open" : "",
                "dashboard-test", CLOCK);
        dashboard.start();
        now = CLOCK.instant();
        seed();
    }

    @AfterAll
    static void stop() throws Exception {
        if (dashboard != null) {
            dashboard.stop();
        }
        if (db != null) {
            db.close();
        }
    }

    /** Parked rows (3 + 1 of site0007's two domains, 1 of site0500), a row due now, attempts and state changes. */
    static void seed() throws Exception {
        try (Connection c = db.dataSource().getConnection()) {
            c.createStatement().execute("INSERT INTO NmsBroadLogMsg (iBroadLogMsgId, sText) VALUES (1, '"
                    + BroadlogTexts.DYNAMIC_FLOW_CONTROL + "'), (2, '" + BroadlogTexts.QUOTAS_MET + "'), (3, '450 busy')");
            Timestamp later = Timestamp.from(now.plusSeconds(600));
            Timestamp earlier = Timestamp.from(now.minusSeconds(60));
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO NmsBroadLogRcp (iDeliveryId, iStatus, iMsgId,"
                    + " sDomain, tsNextTry, tsLeaseUntil) VALUES (1, ?, ?, ?, ?, ?)")) {
                Object[][] rows = {
                        {6, 1, "site0007.example", later, later}, {6, 1, "site0007.example", later, later},
                        {6, 1, "site0007.example", later, later}, {6, 1, "alias.example", later, later},
                        {6, 2, "site0500.example", later, later},
                        {6, 1, "site0007.example", earlier, earlier}, // its park is over: due now, not parked
                        {6, 3, "site0001.example", later, later},     // retried later after a 4xx: not parked
                        {1, 1, "site0002.example", later, later}};    // sent
                for (Object[] r : rows) {
                    for (int i = 0; i < r.length; i++) {
                        ps.setObject(i + 1, r[i]);
                    }
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO SluiceAttemptLog (iDeliveryId, sDomain, tsBucket,"
                    + " sOutcome, sText, iCount) VALUES (1, ?, ?, ?, NULL, ?)")) {
                Timestamp bucket = Timestamp.from(now.minusSeconds(300));
                Object[][] rows = {{"site0007.example", "ACCEPTED", 5}, {"alias.example", "ACCEPTED", 2},
                        {"site0007.example", "DEFERRAL", 3}, {"site0007.example", "HARD_FAILURE", 1},
                        {"site0008.example", "ACCEPTED", 50}};
                for (Object[] r : rows) {
                    ps.setString(1, (String) r[0]);
                    ps.setTimestamp(2, bucket);
                    ps.setString(3, (String) r[1]);
                    ps.setInt(4, (Integer) r[2]);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO SluiceFlowEvent (tsEvent, sDomain, sKind,"
                    + " sFromState, sToState, dFromRate, dToRate, sCause) VALUES (?, 'site0007.example', 'STATE', ?, ?, ?, ?, ?)")) {
                Object[][] rows = {{now.minusSeconds(600), "NORMAL", "BACKOFF", 10.0, 5.0, "8 of 16 attempts deferred"},
                        {now.minusSeconds(300), "BACKOFF", "NORMAL", 5.0, 6.0, "clean windows"}};
                for (Object[] r : rows) {
                    ps.setTimestamp(1, Timestamp.from((Instant) r[0]));
                    for (int i = 1; i < r.length; i++) {
                        ps.setObject(i + 1, r[i]);
                    }
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> rows(Map<String, Object> page) {
        return (List<Map<String, Object>>) page.get("rows");
    }

    @Test
    void shouldAnswerAPageOfAThousandSitesWithOneQuery() {
        int before = counting.statements.get();
        Map<String, Object> page = dashboard.destinations("", "site", false, 0, 20);
        assertThat(counting.statements.get() - before).as("statements for one refresh of 1,000 sites").isEqualTo(1);
        System.out.printf("[dashboard] one page of 1,000 sites: %s ms in the database%n", page.get("queryMillis"));

        assertThat(page).containsEntry("total", 1000).containsEntry("all", 1000);
        assertThat(rows(page)).hasSize(20);
        assertThat(rows(page).get(0)).containsEntry("site", "site0000.example").containsEntry("state", "NORMAL")
                .containsKeys("rate", "maxRate", "learnedLimit", "since", "until", "reason", "inMemory", "connections");
        assertThat(rows(dashboard.destinations("", "site", false, 980, 20)).get(19))
                .containsEntry("site", "site0999.example");
        assertThat(rows(dashboard.destinations("site0003", "site", false, 0, 20)).get(0))
                .containsEntry("connections", "smtp://mx.site0003.example:25 1 open");
    }

    @Test
    void shouldCountEachSitesParkedMailOverItsDomains() {
        List<Map<String, Object>> top = rows(dashboard.destinations("", "parked", true, 0, 3));
        assertThat(top.get(0)).containsEntry("site", "site0007.example").containsEntry("parked", 4L);
        assertThat(top.get(1)).containsEntry("site", "site0500.example").containsEntry("parked", 1L);
        assertThat(top.get(2)).containsEntry("parked", 0L);
    }

    @Test
    void shouldFilterAndSortOnTheServer() {
        Map<String, Object> nines = dashboard.destinations("SITE09", "site", true, 0, 20);
        assertThat(nines).containsEntry("total", 100);
        assertThat(rows(nines).get(0)).containsEntry("site", "site0999.example");

        registry.flow("site0042.example").suspend(Duration.ofMinutes(5), "rule test-block matched");
        Map<String, Object> suspended = dashboard.destinations("suspended", "site", false, 0, 20);
        assertThat(suspended).containsEntry("total", 1);
        assertThat(rows(suspended).get(0)).containsEntry("site", "site0042.example").containsEntry("heldBack", true);
        assertThat(rows(dashboard.destinations("test-block", "site", false, 0, 20))).extracting(r -> r.get("site"))
                .containsExactly("site0042.example");
        registry.flow("site0042.example").resetToNormal("test");
    }

    @Test
    void shouldRefuseABadSortOrPageWithWhatIsAllowed() {
        assertThatThrownBy(() -> dashboard.destinations("", "password", false, 0, 20))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("learnedLimit");
        assertThatThrownBy(() -> dashboard.destinations("", "site", false, -1, 20))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> dashboard.destinations("", "site", false, 0, 100_000))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("500");
    }

    @Test
    void shouldActOnTheEngineAndNameAnUnknownSite() {
        String answer = dashboard.suspendSite("site0100.example", 120);
        assertThat(answer).contains("SUSPENDED");
        assertThat(registry.flow("site0100.example").snapshot().state()).isEqualTo(DomainFlow.State.SUSPENDED);
        dashboard.resetSite("site0100.example");
        assertThat(registry.flow("site0100.example").snapshot().state()).isEqualTo(DomainFlow.State.NORMAL);
        dashboard.setSiteRate("site0101.example", 2.5, 60);
        assertThat(registry.flow("site0101.example").snapshot().rate()).isEqualTo(2.5);

        assertThatThrownBy(() -> dashboard.suspendSite("nowhere.example", 60))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nowhere.example");
        assertThatThrownBy(() -> dashboard.setSiteRate("site0101.example", 0, 60))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(registry.find("nowhere.example")).isEmpty();
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldDrawASitesTimelineFromTheHistoryTables() {
        Map<String, Object> t = dashboard.timeline("site0007.example", 30);
        List<Map<String, Object>> points = (List<Map<String, Object>>) t.get("points");
        assertThat(points).hasSize(1);
        assertThat(points.get(0)).containsEntry("sent", 7L).containsEntry("deferred", 3L).containsEntry("failed", 1L);
        List<Map<String, Object>> bands = (List<Map<String, Object>>) t.get("bands");
        assertThat(bands).extracting(b -> b.get("state")).containsExactly("NORMAL", "BACKOFF", "NORMAL");
        assertThat(bands.get(1)).containsEntry("cause", "8 of 16 attempts deferred");
        assertThat((List<Map<String, Object>>) t.get("rates")).extracting(r -> r.get("rate")).startsWith(5.0, 6.0);

        assertThatThrownBy(() -> dashboard.timeline("site0007.example", 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldBeAnMBeanJolokiaCanCall() throws Exception {
        ObjectName name = Dashboard.objectName("dashboard-test");
        Object page = ManagementFactory.getPlatformMBeanServer().invoke(name, "destinations",
                new Object[]{"site0001", "site", false, 0, 5},
                new String[]{String.class.getName(), String.class.getName(), boolean.class.getName(),
                        int.class.getName(), int.class.getName()});
        assertThat(page).isInstanceOf(Map.class);
        assertThat(((Map<?, ?>) page).get("total")).isEqualTo(1);
    }
}
