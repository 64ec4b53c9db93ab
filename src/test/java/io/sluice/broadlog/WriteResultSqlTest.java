package io.sluice.broadlog;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import io.sluice.db.ParsedOnceParameters;
import io.sluice.result.BroadlogMessage;
import io.sluice.result.DeliveryResult;
import io.sluice.result.FailureReason;
import io.sluice.result.FailureType;
import io.sluice.result.SendOutcome;
import io.sluice.testsupport.Campaign;
import io.sluice.testsupport.TestDatabase;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The write-back statement through camel-sql as the write-batch route runs it (one JDBC batch, the body made by
 * {@link BroadlogWriter}), on PostgreSQL and on the embedded database: outcome, failure message, retry, times to the
 * microsecond, claim released, and a row claimed again by someone else (another claim token) untouched.
 */
class WriteResultSqlTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"postgresql", "embedded"})
    void writesEachOutcomeOnceAndOnlyUnderItsOwnClaim(String kind) throws Exception {
        try (TestDatabase db = TestDatabase.open(kind); CamelContext camel = new DefaultCamelContext()) {
            camel.getRegistry().bind("dataSource", db.dataSource());
            camel.getRegistry().bind(ParsedOnceParameters.BEAN_NAME, new ParsedOnceParameters());
            camel.start();
            Campaign campaign = new Campaign(db.dataSource());
            long delivery = campaign.delivery().create();
            List<Long> ids = campaign.pendingMany(delivery, List.of("ann@a.test", "bob@b.test", "cy@c.test"));
            long sent = ids.get(0);
            long failed = ids.get(1);
            long claimedElsewhere = ids.get(2);
            campaign.execute("UPDATE NmsBroadLogRcp SET sClaimToken = 'ours', sClaimedBy = 'me' WHERE iBroadLogId IN ("
                    + sent + ", " + failed + ")");
            campaign.execute("UPDATE NmsBroadLogRcp SET sClaimToken = 'theirs', sClaimedBy = 'other' WHERE iBroadLogId = "
                    + claimedElsewhere);

            Instant now = Instant.parse("2026-11-26T10:15:30.123456Z");
            Instant retryAt = now.plus(1, ChronoUnit.HOURS);
            BroadlogMessage mailboxFull = new BroadlogMessage("452 4.2.2 Mailbox full", "452 4.2.2 Mailbox full",
                    FailureType.SOFT, FailureReason.MAILBOX_FULL);
            List<DeliveryResult> results = List.of(
                    new DeliveryResult(sent, delivery, "ours", "ann@a.test", "a.test", SendOutcome.ACCEPTED, null,
                            DeliveryResult.STATUS_SENT, 0, now, now, null),
                    new DeliveryResult(failed, delivery, "ours", "bob@b.test", "b.test", SendOutcome.SOFT_FAILURE, null,
                            DeliveryResult.STATUS_PENDING, 1, retryAt, now, mailboxFull),
                    // a late result of a claim that ran out: the row belongs to another claim now
                    new DeliveryResult(claimedElsewhere, delivery, "ours", "cy@c.test", "c.test", SendOutcome.ACCEPTED,
                            null, DeliveryResult.STATUS_SENT, 0, now, now, null));

            Object body = new BroadlogWriter(new BroadlogMessageCatalog(db.dataSource())).toParameters(results);
            ProducerTemplate template = camel.createProducerTemplate();
            Exchange done = template.send("sql:file:config/sql/write-result.sql?batch=true&prepareStatementStrategy=#"
                    + ParsedOnceParameters.BEAN_NAME, e -> e.getMessage().setBody(body));
            assertThat(done.getException()).isNull();
            assertThat(done.getMessage().getHeader("CamelSqlUpdateCount", Number.class).intValue())
                    .as("rows written").isEqualTo(2);

            Map<Long, Campaign.Row> rows = campaign.rowsOf(delivery);
            assertThat(rows.get(sent).status()).isEqualTo(DeliveryResult.STATUS_SENT);
            assertThat(rows.get(sent).event()).isEqualTo(now);
            assertThat(rows.get(sent).msgText()).isNull();
            assertThat(rows.get(sent).domain()).isEqualTo("a.test");
            assertThat(rows.get(failed).status()).isEqualTo(DeliveryResult.STATUS_PENDING);
            assertThat(rows.get(failed).retry()).isEqualTo(1);
            assertThat(rows.get(failed).nextTry()).isEqualTo(retryAt);
            assertThat(rows.get(failed).msgText()).isEqualTo("452 4.2.2 Mailbox full");
            assertThat(rows.get(failed).failureReason()).isEqualTo(FailureReason.MAILBOX_FULL.code());
            assertThat(campaign.count("SELECT COUNT(*) FROM NmsBroadLogRcp WHERE sClaimToken IS NULL AND iBroadLogId IN ("
                    + sent + ", " + failed + ")")).as("claims released").isEqualTo(2);
            assertThat(rows.get(claimedElsewhere).status()).as("another claim's row").isEqualTo(DeliveryResult.STATUS_PENDING);
            assertThat(campaign.count("SELECT COUNT(*) FROM NmsBroadLogRcp WHERE sClaimToken = 'theirs'")).isEqualTo(1);
        }
    }
}
