package io.sluice.diagnosis;

import io.sluice.broadlog.AttemptLogRows;
import io.sluice.db.ParsedOnceParameters;
import io.sluice.diagnosis.AttemptLogCounts.DomainAttempts;
import io.sluice.diagnosis.DiagnosisReport.DomainLine;
import io.sluice.diagnosis.DiagnosisReport.ErrorClass;
import io.sluice.diagnosis.DiagnosisReport.Reply;
import io.sluice.flowcontrol.Outcome;
import io.sluice.result.BroadlogMessage;
import io.sluice.result.DeliveryResult;
import io.sluice.result.FailureReason;
import io.sluice.result.FailureType;
import io.sluice.result.SendOutcome;
import io.sluice.testsupport.Campaign;
import io.sluice.testsupport.TestDatabase;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Counting every attempt (SluiceAttemptLog): a write batch through {@link AttemptLogRows} and {@code
 * write-attempts.sql} as the result writer runs it, read back by the report on PostgreSQL and the embedded database;
 * the broadlog as the floor of each figure; and the fallback to the broadlog alone without the table, without rows,
 * or without the statement (an older SQL directory).
 */
class AttemptLogCountsTest {

    static final int DEFERRED = 33;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"postgresql", "embedded"})
    void shouldCountTheDeferralsOfMessagesSentInTheEnd(String kind) throws Exception {
        try (TestDatabase db = TestDatabase.open(kind)) {
            SeededHistory h = SeededHistory.healthy(db.dataSource()); // gmail.com: 60 rows sent, no failure kept
            int written = writeAttempts(db, h, 60, DEFERRED);
            assertThat(written).as("one row per domain, second, outcome and reply, not per result").isEqualTo(2);

            DiagnosisReport r = DiagnosisReport.load(db.dataSource(), h.delivery, Instant.now()).orElseThrow();
            DomainLine gmail = r.domains.get("gmail.com");
            assertThat(r.everyAttempt).isTrue();
            assertThat(gmail.errors(ErrorClass.DEFERRAL)).isEqualTo(DEFERRED);
            assertThat(gmail.attempts()).isEqualTo(60 + DEFERRED);
            assertThat(gmail.replies).first().isEqualTo(new Reply(SeededHistory.GMAIL_RATE, ErrorClass.DEFERRAL, DEFERRED));
            assertThat(r.domains.get("yahoo.com").errors(ErrorClass.HARD)).as("a domain without logged attempts: its"
                    + " broadlog figures").isEqualTo(1);
            assertThat(r.verdict).isEqualTo(DiagnosisReport.Verdict.DOMAIN_SPECIFIC);
            assertThat(r.reasons).anyMatch(w -> w.startsWith("gmail.com: " + DEFERRED + " of " + (60 + DEFERRED)
                    + " attempts deferred/refused") && w.contains(SeededHistory.GMAIL_RATE));
            assertThat(TextReport.render(r)).contains("Attempts: 33 of 144 attempts deferred/refused (every attempt");
            assertThat(sum(r.buckets.get("gmail.com").bad())).as("the deferrals drawn").isEqualTo(DEFERRED);
            assertThat(sum(r.buckets.get("gmail.com").sent())).isEqualTo(60);
        }
    }

    @Test
    void shouldReportFromTheBroadlogWithoutTheTableOrItsRowsOrItsStatement() throws Exception {
        try (TestDatabase db = TestDatabase.open("embedded")) {
            SeededHistory h = SeededHistory.healthy(db.dataSource());
            DiagnosisReport noRows = DiagnosisReport.load(db.dataSource(), h.delivery, Instant.now()).orElseThrow();
            assertThat(noRows.everyAttempt).isFalse();
            assertThat(TextReport.render(noRows)).contains("each message's last failure only")
                    .contains("Top replies (the last failure of each message)");

            writeAttempts(db, h, 60, DEFERRED);
            ReportSql packaged = ReportSql.packaged();
            ReportSql olderDirectory = new ReportSql(packaged.delivery(), packaged.period(), packaged.domainFigures(),
                    packaged.flowEvents(), packaged.messages(), packaged.attempts());
            DiagnosisReport noStatement = DiagnosisReport.load(db.dataSource(), olderDirectory, h.delivery,
                    Instant.now()).orElseThrow();
            assertThat(noStatement.everyAttempt).isFalse();
            assertThat(noStatement.domains.get("gmail.com").errors(ErrorClass.DEFERRAL)).isZero();
            assertThat(ReportSql.read(name -> {
                if (name.equals(ReportSql.ATTEMPT_LOG_FILE)) {
                    throw new java.io.FileNotFoundException(name);
                }
                return java.nio.file.Files.readString(java.nio.file.Path.of("config/sql", name));
            }).attemptLog()).as("an SQL directory without the file still reports").isNull();

            new Campaign(db.dataSource()).execute("DROP TABLE SluiceAttemptLog");
            DiagnosisReport noTable = DiagnosisReport.load(db.dataSource(), h.delivery, Instant.now()).orElseThrow();
            assertThat(noTable.everyAttempt).isFalse();
            assertThat(noTable.domains.get("gmail.com").sent).isEqualTo(60);
            assertThat(noTable.verdict).isEqualTo(DiagnosisReport.Verdict.HEALTHY);
        }
    }

    @Test
    void shouldKeepTheBroadlogsFiguresAsTheFloor() {
        // the broadlog: 5 rows failed without an attempt (hard), 2 deferred as their last failure
        DomainLine broadlog = new DomainLine("x.test", 10, 5, 2, 0, 2,
                Map.of(ErrorClass.HARD, 5L, ErrorClass.DEFERRAL, 2L),
                List.of(new Reply("550 5.1.1 unknown", ErrorClass.HARD, 5), new Reply("451 later", ErrorClass.DEFERRAL, 2)),
                Map.of(), List.of(), Map.of());
        DomainAttempts d = new DomainAttempts();
        AttemptLogCounts.add(d, Outcome.ACCEPTED, "", 10, 0);
        AttemptLogCounts.add(d, Outcome.DEFERRAL, "451 later", 9, 1);
        AttemptLogCounts.add(d, Outcome.HARD_FAILURE, "550 5.1.1 unknown", 1, 1);
        AttemptLogCounts log = AttemptLogCounts.of(Map.of("x.test", d));

        DomainLine line = log.over(broadlog);
        assertThat(line.errors).containsEntry(ErrorClass.DEFERRAL, 9L).containsEntry(ErrorClass.HARD, 5L);
        assertThat(line.attempts()).as("max(10 + 5 + 2, 20 logged)").isEqualTo(20);
        assertThat(line.replies).containsExactly(new Reply("451 later", ErrorClass.DEFERRAL, 9),
                new Reply("550 5.1.1 unknown", ErrorClass.HARD, 5));
        assertThat(log.over(new DomainLine("other.test", 1, 0, 0, 0, 0, Map.of(), List.of(), Map.of(), List.of(),
                Map.of()))).as("a domain without logged attempts is left as it is").extracting(DomainLine::attempts)
                .isEqualTo(1L);
        assertThat(AttemptLogCounts.NONE.isEmpty()).isTrue();
        DeliveryResult deferral = new DeliveryResult(1, 1, "t", "a@x.test", "x.test", SendOutcome.SOFT_FAILURE, null,
                DeliveryResult.STATUS_PENDING, 1, Instant.EPOCH, Instant.EPOCH, new BroadlogMessage("451 later",
                "451 later", FailureType.SOFT, FailureReason.REFUSED));
        assertThat(new AttemptLogRows().toParameters(List.of(deferral))).singleElement()
                .satisfies(row -> assertThat(row).containsEntry("outcome", "DEFERRAL").containsEntry("count", 1)
                        .containsEntry("text", "451 later").containsEntry("domain", "x.test"));
        assertThat(new AttemptLogRows(false).toParameters(List.of(deferral))).as("sluice.attempt-log.enabled=false")
                .isEmpty();
        assertThat(AttemptLogCounts.of(Map.of())).isSameAs(AttemptLogCounts.NONE);
    }

    /**
     * Writes {@code sent} accepted and {@code deferred} deferred attempts of gmail.com (one second, with a result
     * that was no attempt) through {@link AttemptLogRows} and write-attempts.sql in camel-sql, as the route does.
     *
     * @return the rows inserted
     */
    static int writeAttempts(TestDatabase db, SeededHistory h, int sent, int deferred) throws Exception {
        Instant at = h.base.truncatedTo(ChronoUnit.SECONDS).plusSeconds(61); // all in one second
        BroadlogMessage rate = new BroadlogMessage(SeededHistory.GMAIL_RATE, SeededHistory.GMAIL_RATE, FailureType.SOFT,
                FailureReason.REFUSED);
        List<DeliveryResult> results = new ArrayList<>();
        for (int i = 0; i < sent + deferred; i++) {
            boolean ok = i < sent;
            results.add(new DeliveryResult(i, h.delivery, "t", "r" + i + "@gmail.com", "gmail.com",
                    ok ? SendOutcome.ACCEPTED : SendOutcome.SOFT_FAILURE, null,
                    ok ? DeliveryResult.STATUS_SENT : DeliveryResult.STATUS_PENDING, 0, at, at.plusMillis(i),
                    ok ? null : rate));
        }
        // rejected before any attempt: no attempt, not logged
        results.add(new DeliveryResult(-1, h.delivery, "t", "x@gmail.com", "gmail.com", null, null,
                DeliveryResult.STATUS_FAILED, 0, at, at, rate));
        List<Map<String, Object>> rows = new AttemptLogRows().toParameters(results);
        try (CamelContext camel = new DefaultCamelContext()) {
            camel.getRegistry().bind("dataSource", db.dataSource());
            camel.getRegistry().bind(ParsedOnceParameters.BEAN_NAME, new ParsedOnceParameters());
            camel.start();
            Exchange done = camel.createProducerTemplate().send("sql:file:config/sql/write-attempts.sql?batch=true"
                    + "&prepareStatementStrategy=#" + ParsedOnceParameters.BEAN_NAME, e -> e.getMessage().setBody(rows));
            assertThat(done.getException()).isNull();
            return done.getMessage().getHeader("CamelSqlUpdateCount", Number.class).intValue();
        }
    }

    private static long sum(long[] counts) {
        long n = 0;
        for (long c : counts) {
            n += c;
        }
        return n;
    }
}
