package io.sluice.claim;

import io.sluice.testsupport.Campaign;
import io.sluice.testsupport.TestDatabase;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The claim statements (config/sql/claim.sql, and claim-postgresql.sql on PostgreSQL) through camel-sql as the
 * claim route runs them: only deliveries In progress and inside their window, deliveries taking turns, caps
 * counting what is already in flight.
 */
class ClaimSqlTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"postgresql/claim-postgresql.sql", "postgresql/claim.sql", "embedded/claim.sql"})
    void shouldClaimOnlyRunningDeliveriesInsideTheirWindowTurnByTurnWithinTheirCaps(String variant) throws Exception {
        String kind = variant.substring(0, variant.indexOf('/'));
        String sql = variant.substring(variant.indexOf('/') + 1);
        try (TestDatabase db = TestDatabase.open(kind); CamelContext camel = new DefaultCamelContext()) {
            camel.getRegistry().bind("dataSource", db.dataSource());
            camel.start();
            Campaign campaign = new Campaign(db.dataSource());
            long huge = delivery(campaign, 55, 300);
            long small = delivery(campaign, 55, 5);
            long capped = delivery(campaign, 55, 50);
            long paused = delivery(campaign, 71, 5);
            long closed = delivery(campaign, 55, 5);
            campaign.execute("INSERT INTO SluiceDeliveryControl (iDeliveryId, iMaxRate) VALUES (" + capped + ", 3)");
            ProducerTemplate template = camel.createProducerTemplate();

            long[] all = {huge, small, capped, paused, closed};

            // spread 1: exactly the best batch in turn order
            template.requestBodyAndHeaders("sql:file:config/sql/" + sql, null, claim("first", 40, 1, closed));
            Map<Long, Long> first = claimedPerDelivery(campaign, "first", all);
            assertThat(first).as("paused and out-of-window deliveries get nothing").doesNotContainKeys(paused, closed);
            assertThat(first.get(small)).as("the small delivery is not behind the huge one").isEqualTo(5);
            assertThat(first.get(capped)).as("cap 3/s x 2 s horizon").isEqualTo(6);
            assertThat(first.get(huge)).isEqualTo(40 - 5 - 6);

            // spread 2 (two instances polling at once): each takes a full batch of what the other does not hold
            template.requestBodyAndHeaders("sql:file:config/sql/" + sql, null, claim("second", 40, 2, closed));
            template.requestBodyAndHeaders("sql:file:config/sql/" + sql, null, claim("third", 40, 2, closed));
            Map<Long, Long> second = claimedPerDelivery(campaign, "second", all);
            Map<Long, Long> third = claimedPerDelivery(campaign, "third", all);
            assertThat(second).as("the capped delivery's 6 rows are still in flight").doesNotContainKey(capped);
            assertThat(second.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(40);
            assertThat(third.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(40);
            assertThat(campaign.count("SELECT COUNT(*) FROM NmsBroadLogRcp WHERE sClaimToken IS NOT NULL"))
                    .as("no row claimed twice").isEqualTo(120);
        }
    }

    private static long delivery(Campaign campaign, int state, int rows) throws Exception {
        long id = campaign.delivery().state(0).create();
        campaign.pendingMany(id, IntStream.range(0, rows).mapToObj(i -> "r" + i + "@" + id + ".test").toList());
        campaign.execute("UPDATE NmsBroadLogRcp SET tsNextTry = CURRENT_TIMESTAMP - INTERVAL '1' MINUTE WHERE iDeliveryId = " + id);
        campaign.execute("UPDATE NmsDelivery SET iState = " + state + " WHERE iDeliveryId = " + id);
        return id;
    }

    private static Map<String, Object> claim(String token, int batch, int spread, long closedDelivery) {
        Instant now = Instant.now();
        Map<String, Object> h = new HashMap<>();
        h.put("claimToken", token);
        h.put("instanceId", "test");
        h.put("now", Timestamp.from(now));
        h.put("leaseUntil", Timestamp.from(now.plus(Duration.ofMinutes(5))));
        h.put("batchSize", batch);
        h.put("claimCandidates", spread * batch);
        h.put("claimSalt", spread == 1 ? 1L : 500_009L);
        h.put("capHorizonSeconds", 2);
        h.put("closedDeliveries", "," + closedDelivery + ",");
        return h;
    }

    private static Map<Long, Long> claimedPerDelivery(Campaign campaign, String token, long... deliveries) throws Exception {
        Map<Long, Long> m = new HashMap<>();
        for (long d : deliveries) {
            long n = campaign.count("SELECT COUNT(*) FROM NmsBroadLogRcp WHERE sClaimToken = '" + token + "' AND iDeliveryId = " + d);
            if (n > 0) {
                m.put(d, n);
            }
        }
        return m;
    }
}
