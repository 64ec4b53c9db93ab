package io.sluice.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.sluice.testsupport.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Issue #7, load scenario, the database half: with 1,000,000 broadlog rows (a 500,000-row delivery and 100
 * smaller ones) across 1,000 domains in the real PostgreSQL, every statement the routes run per message or per row (every file of config/sql but the
 * schema, the diagnosis report's and the few listed in {@link #WHOLE_TABLE_ALLOWED} with their reason) is planned without a sequential
 * scan of the broadlog, at the start of a run (everything pending) and late in it (90 % final). A sequential scan there is what makes a claim poll take seconds and the
 * throughput decay as the table grows. The plans are printed in the test output. Issue 20 adds 250,000 quarantine
 * records (NmsAddress), which the claim's read-back must reach through their index.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LargeBroadlogQueryPlanTest {

    static final int ROWS = 1_000_000;
    static final int DOMAINS = 1_000;
    static final int DELIVERIES = 100;
    /** NmsAddress rows: one for every fourth broadlog address. */
    static final int ADDRESSES = ROWS / 4;
    static final Path SQL = Path.of("config/sql");
    static final Pattern PARAMETER = Pattern.compile(":#(\\w+)");
    static final OffsetDateTime NOW = OffsetDateTime.now(ZoneOffset.UTC);

    /** A plausible value for each named parameter the SQL files use; a new parameter needs one here. */
    static final Map<String, Object> SAMPLE = Map.ofEntries(
            Map.entry("now", NOW),
            Map.entry("leaseUntil", NOW.plusMinutes(5)),
            Map.entry("nextTry", NOW.plusHours(1)),
            Map.entry("eventTime", NOW),
            Map.entry("claimToken", "c-0123456789"),
            Map.entry("instanceId", "plan-test"),
            Map.entry("host", "plan-host"),
            Map.entry("lastSeen", NOW),
            Map.entry("deadAfterSeconds", 30),
            Map.entry("site", "d0.example"),
            Map.entry("state", "state=s:NORMAL\n"),
            Map.entry("blockMicros", 250_000L),
            Map.entry("horizonMicros", 2_000_000L),
            Map.entry("millis", 7_200_000L),
            Map.entry("reason", "after rule yahoo-tss04 matched"),
            Map.entry("batchSize", 2000),
            Map.entry("broadlogId", 500_000L),
            Map.entry("deliveryId", 1L),
            Map.entry("closedDeliveries", ","),
            Map.entry("claimCandidates", 4000),
            Map.entry("claimSalt", 7919L),
            Map.entry("capHorizonSeconds", 2),
            Map.entry("cancelledMsgId", 2L),
            Map.entry("expiredMsgId", 3L),
            Map.entry("lateMsgId", 4L),
            Map.entry("emptyStartedBefore", NOW.minusMinutes(5)),
            Map.entry("status", 1),
            Map.entry("msgId", 1L),
            Map.entry("retry", 0),
            Map.entry("address", "r500000@d0.example"),
            Map.entry("domain", "d0.example"),
            // write-attempts.sql (the attempt log)
            Map.entry("bucket", NOW),
            Map.entry("outcome", "DEFERRAL"),
            Map.entry("text", "421 4.7.0 Try again later"),
            Map.entry("count", 1),
            // the shared flow-control state (io.sluice.cluster.SharedFlowState)
            Map.entry("version", 3L),
            Map.entry("dueAfterMillis", 9000L),
            Map.entry("lookbackMillis", 10_000L),
            Map.entry("attempts", 12L),
            Map.entry("accepted", 8L),
            Map.entry("deferrals", 4L),
            Map.entry("connectionFailures", 0L),
            Map.entry("hardFailures", 0L),
            Map.entry("policyFailures", 0L),
            Map.entry("internalFailures", 0L),
            // the instances' measured shares of a receiver's rate (quota-share-*.sql)
            Map.entry("share", 3.3),
            Map.entry("ageMillis", 400L),
            Map.entry("windowMillis", 11_000L),
            Map.entry("groupMillis", 5_000L),
            // the console's page (io.sluice.dashboard)
            Map.entry("dynamicFlowControl", "Messages queued (dynamic flow control)"),
            Map.entry("quotasMet", "Messages queued (connection quotas met)"),
            Map.entry("since", NOW.minusHours(1)));

    /**
     * Statements allowed to read the whole broadlog, each for a stated reason (their plans are printed all the
     * same). Every other statement runs per poll or per message and must stay on an index.
     */
    static final Map<String, String> WHOLE_TABLE_ALLOWED = Map.of(
            // The portable claim ranks every due row (ROW_NUMBER per delivery) on each poll: 1.8 s per claim at
            // 1,000,000 due rows. It is for the embedded database (H2 has no LATERAL); on PostgreSQL the default
            // is claim-postgresql.sql, which must not scan.
            "claim.sql", "portable fair-share ranking over every due row (embedded database; PostgreSQL uses claim-postgresql.sql)");

    TestDatabase db;

    @BeforeAll
    void seed() throws Exception {
        db = TestDatabase.open("postgresql");
        long started = System.nanoTime();
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            // one big delivery (half the rows) and 100 of 5,000: per-delivery statements must use the delivery
            // index, which a single-delivery table would not show (every row would match)
            s.execute("INSERT INTO NmsDelivery (sInternalName, iState, sSubject)"
                    + " SELECT 'DM-LOAD-' || g, 55, 'Load' FROM generate_series(1, " + (DELIVERIES + 1) + ") g");
            s.execute("INSERT INTO NmsBroadLogRcp (iDeliveryId, iRecipientId, iStatus, sAddress, sDomain, tsNextTry)"
                    + " SELECT CASE WHEN g <= " + ROWS / 2 + " THEN 1 ELSE 2 + g % " + DELIVERIES + " END,"
                    + " g, 6, 'r' || g || '@d' || (g % " + DOMAINS + ") || '.example',"
                    + " 'd' || (g % " + DOMAINS + ") || '.example', CURRENT_TIMESTAMP - (g % 3600) * INTERVAL '1 second'"
                    + " FROM generate_series(1, " + ROWS + ") g");
            s.execute("ANALYZE NmsBroadLogRcp");
            // quarantine records (issue 20) for a quarter of the addresses, every status: the claim's read-back joins
            // them, and must probe the unique index per claimed row, not read the table
            s.execute("INSERT INTO NmsAddress (sAddress, iStatus, iErrorCount)"
                    + " SELECT 'r' || g || '@d' || (g % " + DOMAINS + ") || '.example', g % 4, g % 6"
                    + " FROM generate_series(1, " + ROWS + ", 4) g");
            s.execute("ANALYZE NmsAddress");
            // one claim in flight: its 2,000 rows share the sample claim token, which the statistics do not know
            // yet (as in the first minutes of a run, before autovacuum analyses the table again)
            s.execute("UPDATE NmsBroadLogRcp SET sClaimToken = 'c-0123456789', sClaimedBy = 'plan-test'"
                    + " WHERE iBroadLogId BETWEEN 500000 AND 501999");
        }
        System.out.printf("Seeded %,d broadlog rows of %d deliveries across %,d domains and %,d quarantine records"
                + " in %.1f s%n", ROWS, DELIVERIES + 1, DOMAINS, ADDRESSES, (System.nanoTime() - started) / 1e9);
    }

    @AfterAll
    void drop() throws Exception {
        if (db != null) {
            db.close();
        }
    }

    /**
     * A write-back (or a park, release, cancel of one claimed row) finds each row by its id. Through the claim token index it would visit every row of the claim
     * (2,000) for each result: what write-result.sql did until stop 5, when its guard compared the token plainly.
     */
    @Test
    void shouldWriteBackEachResultThroughThePrimaryKey() throws Exception {
        for (String file : List.of("write-result.sql", "park.sql", "park-in-database.sql",
                "release-claim.sql", "cancel-claimed.sql")) {
            String plan = explain(Files.readString(SQL.resolve(file)), false);
            System.out.println("--- " + file + ", 2,000 rows claimed under one token\n" + plan);
            assertThat(plan).as(file).contains("nmsbroadlogrcp_pkey").doesNotContain("nmsbroadlogrcp_claimtoken");
        }
    }

    /**
     * Issue 20: the read-back of a claim (and of a parked row) joins each row's address to its quarantine record
     * (view SluiceClaimedMessage), so that quarantined and denylisted addresses end Failed unsent. With 250,000
     * NmsAddress rows that must be one probe of the unique index per claimed row, not a read of NmsAddress per claim.
     * Run (EXPLAIN ANALYZE, rolled back): the printed time is the claim's read-back of 2,000 rows.
     */
    @Test
    void shouldLookUpEachClaimedRowsQuarantineRecordThroughTheAddressIndex() throws Exception {
        for (String file : List.of("select-claimed.sql", "select-parked.sql")) {
            String plan = explain(Files.readString(SQL.resolve(file)), true);
            System.out.println("--- " + file + ", 2,000 rows claimed under one token, " + ADDRESSES
                    + " quarantine records\n" + plan);
            assertThat(plan.toLowerCase()).as(file).contains("nmsaddress_address")
                    .doesNotContain("seq scan on nmsaddress").doesNotContain("seq scan on nmsbroadlogrcp");
        }
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(address_status) FROM SluiceClaimedMessage"
                     + " WHERE claim_token = 'c-0123456789'")) {
            rs.next();
            assertThat(rs.getInt(1)).as("claimed rows whose address has a record: every fourth").isEqualTo(500);
        }
    }

    @Test
    void shouldPlanEveryRouteStatementWithoutScanningTheBroadlogAtTheStartAndLateInARun() throws Exception {
        List<String> scans = new ArrayList<>(plansScanningTheBroadlog("start of the run: 1,000,000 pending"));

        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("UPDATE NmsBroadLogRcp SET iStatus = 1, tsEvent = CURRENT_TIMESTAMP WHERE iBroadLogId % 10 <> 0");
            // what autovacuum does after 900,000 updated rows: without it the indexes still point at every dead
            // version (454,676 heap fetches in one claim's probes), which a running database does not keep for long
            s.execute("VACUUM ANALYZE NmsBroadLogRcp");
        }
        scans.addAll(plansScanningTheBroadlog("late in the run: 900,000 sent, 100,000 pending"));

        assertThat(scans).as("statements planned with a sequential scan of NmsBroadLogRcp").isEmpty();
    }

    private List<String> plansScanningTheBroadlog(String moment) throws Exception {
        List<String> scanning = new ArrayList<>();
        for (Path file : routeStatements()) {
            String name = file.getFileName().toString();
            String plan = explain(Files.readString(file), name.startsWith("claim"));
            System.out.printf("--- %s, %s%n%s%n", file.getFileName(), moment, plan);
            if (plan.toLowerCase().contains("seq scan on nmsbroadlogrcp")) {
                if (WHOLE_TABLE_ALLOWED.containsKey(name)) {
                    System.out.printf("[plan] %s scans the broadlog: allowed, %s%n", name, WHOLE_TABLE_ALLOWED.get(name));
                } else {
                    scanning.add(name + " (" + moment + ")");
                }
            }
        }
        assertThat(scanning.size() + " statements looked at").isNotEmpty();
        return scanning;
    }

    private static List<Path> routeStatements() throws IOException {
        try (Stream<Path> files = Files.list(SQL)) {
            List<Path> statements = files.filter(f -> f.toString().endsWith(".sql"))
                    .filter(f -> !f.getFileName().toString().equals("schema.sql"))
                    // the diagnosis report's statements run once per report, not per message, and read one whole
                    // delivery by design
                    .filter(f -> !f.getFileName().toString().startsWith("report-"))
                    .sorted().toList();
            assertThat(statements).extracting(f -> f.getFileName().toString())
                    .contains("claim.sql", "claim-postgresql.sql", "select-claimed.sql",
                            "write-result.sql", "park.sql", "park-in-database.sql");
            return statements;
        }
    }

    /**
     * EXPLAIN of one route statement, its :#named parameters bound to sample values. With {@code analyze} (the
     * claims) it is run too, inside a transaction that is rolled back, so the output shows the time one claim poll
     * takes at this size (printed, not asserted: this machine is shared).
     */
    private String explain(String fileText, boolean analyze) throws Exception {
        String sql = fileText.lines().filter(l -> !l.strip().startsWith("--")).reduce("", (a, b) -> a + b + "\n");
        List<Object> values = new ArrayList<>();
        Matcher m = PARAMETER.matcher(sql);
        StringBuilder jdbc = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            assertThat(SAMPLE).as("a sample value for parameter :#" + name + " in this test").containsKey(name);
            values.add(SAMPLE.get(name));
            m.appendReplacement(jdbc, "?");
        }
        m.appendTail(jdbc);
        try (Connection c = db.dataSource().getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement((analyze ? "EXPLAIN ANALYZE " : "EXPLAIN ") + jdbc)) {
                for (int i = 0; i < values.size(); i++) {
                    ps.setObject(i + 1, values.get(i));
                }
                StringBuilder plan = new StringBuilder();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        plan.append(rs.getString(1)).append('\n');
                    }
                }
                return plan.toString();
            } finally {
                c.rollback();
                c.setAutoCommit(true);
            }
        }
    }
}
