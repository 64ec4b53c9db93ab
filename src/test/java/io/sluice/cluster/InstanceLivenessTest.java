package io.sluice.cluster;

import io.sluice.testsupport.Campaign;
import io.sluice.testsupport.TestDatabase;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.management.ObjectName;
import javax.sql.DataSource;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Instances on one database: the rows of an instance that stopped beating come back, a restarted instance takes its
 * own earlier claims back at start, a clean stop gives its claims back, and sluice:type=Cluster shows who is alive.
 * On the real PostgreSQL and on the embedded database, with the shipped config/sql statements.
 */
class InstanceLivenessTest {

    private static final Path SQL = Path.of("config/sql");

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"postgresql", "embedded"})
    void shouldGiveBackTheClaimsOfAnInstanceSilentLongerThanDeadAfterAndNoOtherRows(String kind) throws Exception {
        try (TestDatabase db = TestDatabase.open(kind)) {
            DataSource ds = db.dataSource();
            Campaign campaign = new Campaign(ds);
            long delivery = campaign.delivery().create();
            List<Long> deadRows = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                deadRows.add(claimed(campaign, ds, delivery, "dead-1", i));
            }
            long deadButSent = claimed(campaign, ds, delivery, "dead-1", 9);
            exec(ds, "UPDATE NmsBroadLogRcp SET iStatus = 1 WHERE iBroadLogId = " + deadButSent);
            long liveRow = claimed(campaign, ds, delivery, "live-1", 10);
            // parked on the dead instance's broker until later (park.sql: lease and tsNextTry moved to the park end
            // plus the lease)
            long parked = claimed(campaign, ds, delivery, "dead-1", 11);
            exec(ds, "UPDATE NmsBroadLogRcp SET tsNextTry = tsLeaseUntil WHERE iBroadLogId = " + parked);
            // a row retried later is not claimed, so not given back: it stays due when its retry period ends
            long retried = campaign.pending(delivery, campaign.recipient("later@live.test", "L", "R"), 1);
            exec(ds, "UPDATE NmsBroadLogRcp SET tsNextTry = CURRENT_TIMESTAMP + INTERVAL '1' HOUR WHERE iBroadLogId = "
                    + retried);
            String retryAt = text(ds, "SELECT tsNextTry FROM NmsBroadLogRcp WHERE iBroadLogId = " + retried);
            instance(ds, "dead-1", 60);
            instance(ds, "live-1", 2);

            InstanceLiveness me = liveness(ds, "me-1", "");
            me.start();
            try {
                assertThat(me.beat()).isEqualTo(4);
                assertThat(claimedBy(ds, parked)).as("parked mail of the dead instance comes back").isNull();
                // due at once: whoever claims it paces it at the site's rate of now, instead of waiting for the end
                // of a park plus a lease (5 minutes) computed by an instance that is gone
                assertThat(text(ds, "SELECT CASE WHEN tsNextTry <= CURRENT_TIMESTAMP THEN 'due' ELSE 'later' END"
                        + " FROM NmsBroadLogRcp WHERE iBroadLogId = " + parked)).as("parked row given back").isEqualTo("due");
                assertThat(text(ds, "SELECT tsNextTry FROM NmsBroadLogRcp WHERE iBroadLogId = " + retried))
                        .as("a row that was not claimed is not touched").isEqualTo(retryAt);
                for (long id : deadRows) {
                    assertThat(claimedBy(ds, id)).as("row %d of the dead instance", id).isNull();
                    assertThat(leaseOf(ds, id)).isNull();
                }
                assertThat(claimedBy(ds, deadButSent)).as("a sent row is not touched").isEqualTo("dead-1");
                assertThat(claimedBy(ds, liveRow)).as("a live instance keeps its rows").isEqualTo("live-1");
                assertThat(me.instances()).extracting(InstanceRow::instanceId).containsExactly("live-1", "me-1");
                assertThat(me.beat()).as("given back once").isZero();
            } finally {
                me.stop();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"postgresql", "embedded"})
    void shouldTakeBackItsOwnEarlierClaimsAtStartAndGiveItsClaimsBackAtACleanStop(String kind) throws Exception {
        try (TestDatabase db = TestDatabase.open(kind)) {
            DataSource ds = db.dataSource();
            Campaign campaign = new Campaign(ds);
            long delivery = campaign.delivery().create();
            long leftByEarlierRun = claimed(campaign, ds, delivery, "sluice-1", 0);
            instance(ds, "sluice-1", 1); // killed a second ago: not yet dead for the others

            InstanceLiveness restarted = liveness(ds, "sluice-1", "");
            restarted.start();
            assertThat(claimedBy(ds, leftByEarlierRun)).isNull();
            assertThat(restarted.instances()).singleElement().satisfies(r -> {
                assertThat(r.instanceId()).isEqualTo("sluice-1");
                assertThat(r.alive()).isTrue();
            });

            long claimedWhileRunning = claimed(campaign, ds, delivery, "sluice-1", 1);
            restarted.stop();
            assertThat(claimedBy(ds, claimedWhileRunning)).isNull();
            assertThat(count(ds, "SELECT COUNT(*) FROM SluiceInstance")).isZero();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"postgresql"})
    void shouldRegisterAgainWhenTakenForDeadAndShowTheClusterOverJmx(String kind) throws Exception {
        try (TestDatabase db = TestDatabase.open(kind)) {
            DataSource ds = db.dataSource();
            instance(ds, "other-1", 100);
            InstanceLiveness me = liveness(ds, "me-1", "livenesstest");
            me.start();
            try {
                ObjectName name = new ObjectName("sluice.livenesstest:type=Cluster");
                var server = ManagementFactory.getPlatformMBeanServer();
                assertThat(server.getAttribute(name, "AliveInstances")).isEqualTo(1);
                assertThat((String[]) server.getAttribute(name, "Instances"))
                        .anySatisfy(l -> assertThat(l).startsWith("me-1 on test-host").endsWith("alive"))
                        .anySatisfy(l -> assertThat(l).startsWith("other-1").endsWith("dead"));

                exec(ds, "DELETE FROM SluiceInstance WHERE sInstanceId = 'me-1'"); // another instance took us for dead
                me.beat();
                assertThat(count(ds, "SELECT COUNT(*) FROM SluiceInstance WHERE sInstanceId = 'me-1'")).isEqualTo(1);
                assertThat(count(ds, "SELECT COUNT(*) FROM SluiceInstance WHERE sInstanceId = 'other-1'"))
                        .as("the dead one is removed once its rows are back").isZero();
            } finally {
                me.stop();
            }
            assertThat(ManagementFactory.getPlatformMBeanServer().isRegistered(
                    new ObjectName("sluice.livenesstest:type=Cluster"))).isFalse();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"1s", "2s"})
    void shouldRefuseADeadAfterUnderThreeHeartbeats(String deadAfter) {
        assertThatThrownBy(() -> new InstanceLiveness(null, "x", "h", Duration.ofSeconds(1), Duration.parse("PT" + deadAfter),
                SQL, "", null)).hasMessageContaining("sluice.cluster.dead-after must be at least 3 x sluice.cluster.heartbeat");
    }

    private static InstanceLiveness liveness(DataSource ds, String id, String jmx) throws Exception {
        return new InstanceLiveness(ds, id, "test-host", Duration.ofSeconds(1), Duration.ofSeconds(30), SQL, jmx, null);
    }

    /** A Pending row claimed by {@code by}, its lease 5 minutes ahead. */
    private static long claimed(Campaign campaign, DataSource ds, long delivery, String by, int n) throws Exception {
        long id = campaign.pending(delivery, "r" + n + "-" + by + "@example.com");
        exec(ds, "UPDATE NmsBroadLogRcp SET sClaimedBy = '" + by + "', sClaimToken = 'tok-" + by + n
                + "', tsLeaseUntil = CURRENT_TIMESTAMP + INTERVAL '5' MINUTE WHERE iBroadLogId = " + id);
        return id;
    }

    /** An instance whose last heartbeat was {@code silentSeconds} ago on the database's clock. */
    private static void instance(DataSource ds, String id, int silentSeconds) throws Exception {
        exec(ds, "INSERT INTO SluiceInstance (sInstanceId, sHost, tsStarted, tsHeartbeat) VALUES ('" + id
                + "', 'h', CURRENT_TIMESTAMP - INTERVAL '1' HOUR, CURRENT_TIMESTAMP - " + silentSeconds
                + " * INTERVAL '1' SECOND)");
    }

    private static String claimedBy(DataSource ds, long id) throws Exception {
        return text(ds, "SELECT sClaimedBy FROM NmsBroadLogRcp WHERE iBroadLogId = " + id);
    }

    private static String leaseOf(DataSource ds, long id) throws Exception {
        return text(ds, "SELECT tsLeaseUntil FROM NmsBroadLogRcp WHERE iBroadLogId = " + id);
    }

    private static String text(DataSource ds, String sql) throws Exception {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static long count(DataSource ds, String sql) throws Exception {
        return Long.parseLong(text(ds, sql));
    }

    private static void exec(DataSource ds, String sql) throws Exception {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate(sql);
        }
    }
}
