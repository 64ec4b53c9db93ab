package io.sluice.diagnosis;

import io.sluice.broadlog.BroadlogTexts;
import io.sluice.cli.ReportCommand;
import io.sluice.config.SluiceLocations;
import io.sluice.diagnosis.DiagnosisReport.ErrorClass;
import io.sluice.diagnosis.DiagnosisReport.Verdict;
import io.sluice.testsupport.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The three verdicts on seeded histories, text and HTML, and the report command end to end. */
class DiagnosisReportTest {

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "embedded"})
    void shouldFindAHealthyDelivery(String kind) throws Exception {
        try (TestDatabase db = TestDatabase.open(kind)) {
            SeededHistory h = SeededHistory.healthy(db.dataSource());
            DiagnosisReport r = DiagnosisReport.load(db.dataSource(), h.delivery, Instant.now()).orElseThrow();

            assertThat(r.verdict).isEqualTo(Verdict.HEALTHY);
            assertThat(r.domains).containsOnlyKeys("gmail.com", "yahoo.com", "outlook.com");
            assertThat(r.domains.get("yahoo.com").sent).isEqualTo(30);
            assertThat(r.domains.get("yahoo.com").failed).isEqualTo(1);
            assertThat(r.domains.get("yahoo.com").errors(ErrorClass.HARD)).isEqualTo(1);
            assertThat(r.domains.get("gmail.com").events).hasSize(1);
            String text = TextReport.render(r);
            assertThat(text).contains("Verdict: HEALTHY").contains("550 5.1.1");
            assertThat(HtmlReport.render(r)).contains("class=\"verdict HEALTHY\"").contains("<svg");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "embedded"})
    void shouldNameTheDomainsAndTheirRepliesWhenOnlySomeAreHeldBack(String kind) throws Exception {
        try (TestDatabase db = TestDatabase.open(kind)) {
            SeededHistory h = SeededHistory.domainSpecific(db.dataSource());
            DiagnosisReport r = DiagnosisReport.load(db.dataSource(), h.delivery, Instant.now()).orElseThrow();

            assertThat(r.verdict).isEqualTo(Verdict.DOMAIN_SPECIFIC);
            DiagnosisReport.DomainLine yahoo = r.domains.get("yahoo.com");
            assertThat(yahoo.sent).isEqualTo(10);
            assertThat(yahoo.pending).isEqualTo(65);
            assertThat(yahoo.queuedByFlowControl).isEqualTo(25);
            assertThat(yahoo.errors(ErrorClass.DEFERRAL)).isEqualTo(40);
            assertThat(yahoo.attempts()).isEqualTo(10 + 65);
            // suspended from minute 5 to now (the suspension runs 2 h): about 25 minutes
            assertThat(yahoo.held("SUSPENDED")).isBetween(Duration.ofMinutes(24), Duration.ofMinutes(27));
            assertThat(r.domains.get("gmail.com").held("BACKOFF")).isEqualTo(Duration.ofMinutes(10));
            assertThat(r.domains.get("outlook.com").wasHeldBack()).isFalse();
            assertThat(r.reasons.get(0)).startsWith("yahoo.com").contains("[TSS04]").contains("in SUSPENDED");
            assertThat(String.join("\n", r.reasons)).contains("gmail.com").contains("4.7.28").doesNotContain("outlook.com:");

            String text = TextReport.render(r);
            assertThat(text).contains("Verdict: DOMAIN-SPECIFIC deliverability problem")
                    .contains("yahoo.com entered SUSPENDED".replace("entered ", "NORMAL -> "))
                    .containsPattern("yahoo\\.com\\s+75\\s+10\\s+0\\s+65\\s+40");
            String html = HtmlReport.render(r);
            assertThat(html).contains("class=\"verdict DOMAIN_SPECIFIC\"").contains("class=\"band SUSPENDED\"")
                    .contains("class=\"band BACKOFF\"").contains("<polyline").doesNotContain("<script")
                    .doesNotContain("http://cdn").doesNotContain("src=\"http");
            Files.createDirectories(Path.of("target/reports"));
            Files.writeString(Path.of("target/reports/domain-specific-" + kind + ".html"), html);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "embedded"})
    void shouldBlameTheSenderWhenEveryDomainFailsTheSameWay(String kind) throws Exception {
        try (TestDatabase db = TestDatabase.open(kind)) {
            SeededHistory h = SeededHistory.senderSide(db.dataSource());
            DiagnosisReport r = DiagnosisReport.load(db.dataSource(), h.delivery, Instant.now()).orElseThrow();

            assertThat(r.verdict).isEqualTo(Verdict.SENDER_SIDE);
            assertThat(r.domains.get("orange.fr").errors(ErrorClass.CONNECTION)).isEqualTo(20);
            assertThat(r.domains.get("orange.fr").errors(ErrorClass.INTERNAL)).isEqualTo(10);
            assertThat(r.senderProblem).isBetween(Duration.ofMinutes(21), Duration.ofMinutes(23));
            assertThat(String.join("\n", r.reasons)).contains("SENDER_PROBLEM")
                    .contains("4 of 4 domains have 30 % or more connection or internal failures");
            assertThat(TextReport.render(r)).contains("Verdict: SENDER-SIDE problem");
        }
    }

    @Test
    void shouldJudgeConnectionFailuresOnMostDomainsSenderSideWithoutAnyEvent() throws Exception {
        try (TestDatabase db = TestDatabase.open("embedded")) {
            SeededHistory h = new SeededHistory(db.dataSource(), 55);
            long refused = h.msg("Connection timed out", 1, 3);
            h.rows("a.test", 6, refused, 1, 20, 1).rows("b.test", 6, refused, 1, 20, 1).rows("c.test", 1, null, 0, 40, 1);
            DiagnosisReport r = DiagnosisReport.load(db.dataSource(), h.delivery, Instant.now()).orElseThrow();
            assertThat(r.verdict).isEqualTo(Verdict.SENDER_SIDE);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "embedded"})
    void shouldJudgeDomainsOnlyOnTheirAnswersAndReportWhatSluiceEndedItselfApart(String kind) throws Exception {
        try (TestDatabase db = TestDatabase.open(kind)) {
            SeededHistory h = SeededHistory.endedBySluice(db.dataSource());
            DiagnosisReport r = DiagnosisReport.load(db.dataSource(), h.delivery, Instant.now()).orElseThrow();

            // expired, late and cancelled rows are no answer of their domains: neither failures nor attempts
            assertThat(r.verdict).isEqualTo(Verdict.HEALTHY);
            DiagnosisReport.DomainLine a = r.domains.get("a.test");
            assertThat(a.attempts()).isEqualTo(40);
            assertThat(a.failed).isZero();
            assertThat(a.bad()).isZero();
            assertThat(a.replies).isEmpty();
            assertThat(a.endedBySluice()).isEqualTo(40);
            assertThat(r.domains.get("c.test").endedBySluice).containsEntry(SluiceEnding.CANCELLED, 20L);
            assertThat(r.totals().endedBySluice()).isEqualTo(100);
            assertThat(r.reasons).last().asString().isEqualTo("100 messages ended by Sluice itself, not by their"
                    + " domains (held against none): 40 validity ended, 40 added after the delivery finished,"
                    + " 20 delivery stopped");
            assertThat(r.buckets.get("a.test").bad()).containsOnly(0L);
            String text = TextReport.render(r);
            assertThat(text).contains("100 ended by Sluice itself").contains("Ended by Sluice itself")
                    .containsPattern("a\\.test\\s+40 x validity ended")
                    .doesNotContain("[connection] " + BroadlogTexts.EXPIRED);
            assertThat(HtmlReport.render(r)).contains("100 messages ended by Sluice itself");
        }
    }

    @Test
    void shouldPrintTheReportAndWriteTheHtmlThroughTheCommand() throws Exception {
        try (TestDatabase db = TestDatabase.open("postgresql")) {
            SeededHistory h = SeededHistory.domainSpecific(db.dataSource());
            Path html = Path.of("target/reports/command-" + h.delivery + ".html");
            Files.deleteIfExists(html);
            PrintStream out = System.out;
            ByteArrayOutputStream captured = new ByteArrayOutputStream();
            System.setProperty("sluice.db.url", db.url());
            System.setProperty("sluice.db.user", db.user());
            int exit;
            try {
                System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
                exit = new ReportCommand(SluiceLocations.fromEnvironment())
                        .run(new String[]{"--delivery", String.valueOf(h.delivery), "--html", html.toString()});
                int missing = new ReportCommand(SluiceLocations.fromEnvironment()).run(new String[]{"--delivery", "999999"});
                assertThat(missing).isEqualTo(1);
                assertThat(new ReportCommand(SluiceLocations.fromEnvironment()).run(new String[]{"--delivery"})).isEqualTo(2);
            } finally {
                System.setOut(out);
                System.clearProperty("sluice.db.url");
                System.clearProperty("sluice.db.user");
            }
            String text = captured.toString(StandardCharsets.UTF_8);
            assertThat(exit).as(text).isZero();
            assertThat(text).contains("Verdict: DOMAIN-SPECIFIC deliverability problem").contains("yahoo.com")
                    .contains("HTML report written to");
            assertThat(Files.readString(html)).startsWith("<!DOCTYPE html>").contains("<svg").contains("[TSS04]");
        }
    }

    @Test
    void shouldEscapeStoredTextsAndStampThePageWithTheCallersClock() throws Exception {
        try (TestDatabase db = TestDatabase.open("embedded")) {
            SeededHistory h = new SeededHistory(db.dataSource(), 55);
            long odd = h.msg("421 4.7.0 <script>alert('x')</script> & \"more\"", 1, 20);
            h.rows("a.test", 6, odd, 1, 10, 1).rows("a.test", 1, null, 0, 10, 1);
            Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);

            String html = HtmlReport.render(DiagnosisReport.load(db.dataSource(), h.delivery, now).orElseThrow());

            assertThat(html).doesNotContain("<script")
                    .contains("421 4.7.0 &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;more&quot;")
                    .contains("Generated by Sluice at " + now + "</small>");
        }
    }

    @Test
    void shouldReadTheStatementsOfTheConfiguredSqlLocation() throws Exception {
        try (TestDatabase db = TestDatabase.open("postgresql")) {
            SeededHistory h = SeededHistory.healthy(db.dataSource());
            Path sql = Files.createTempDirectory("sluice-report-sql");
            try (var files = Files.list(Path.of("config/sql"))) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    Files.copy(f, sql.resolve(f.getFileName()));
                }
            }
            // the operator's own copy: the delivery's name as the report shows it
            Files.writeString(sql.resolve("report-delivery.sql"), Files.readString(sql.resolve("report-delivery.sql"))
                    .replace("sInternalName AS internal_name", "'edited ' || sInternalName AS internal_name"));
            PrintStream out = System.out;
            ByteArrayOutputStream captured = new ByteArrayOutputStream();
            System.setProperty("sluice.db.url", db.url());
            System.setProperty("sluice.db.user", db.user());
            System.setProperty("sluice.sql.location", "file:" + sql);
            int exit;
            try {
                System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
                exit = new ReportCommand(SluiceLocations.fromEnvironment())
                        .run(new String[]{"--delivery", String.valueOf(h.delivery)});
                Files.delete(sql.resolve("report-attempts.sql"));
                assertThatThrownBy(() -> new ReportCommand(SluiceLocations.fromEnvironment())
                        .run(new String[]{"--delivery", String.valueOf(h.delivery)}))
                        .hasMessageContaining("report-attempts.sql");
            } finally {
                System.setOut(out);
                System.clearProperty("sluice.db.url");
                System.clearProperty("sluice.db.user");
                System.clearProperty("sluice.sql.location");
            }
            String text = captured.toString(StandardCharsets.UTF_8);
            assertThat(exit).as(text).isZero();
            assertThat(text).contains("Delivery " + h.delivery + " (edited DM").contains("Verdict: HEALTHY");
        }
    }

    @Test
    void shouldAnswerOverJmxWithTheContextsStatementsAndClock() throws Exception {
        try (TestDatabase db = TestDatabase.open("embedded");
             org.apache.camel.impl.DefaultCamelContext context = new org.apache.camel.impl.DefaultCamelContext()) {
            SeededHistory h = SeededHistory.domainSpecific(db.dataSource());
            Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
            java.util.Properties props = new java.util.Properties();
            props.put("sluice.sql.location", "file:config/sql");
            context.getPropertiesComponent().setInitialProperties(props);
            context.addService(new Diagnosis(db.dataSource(), java.time.Clock.fixed(now, java.time.ZoneOffset.UTC),
                    "diagnosis-test"));
            context.start();
            DiagnosisMBean mbean = javax.management.JMX.newMBeanProxy(
                    java.lang.management.ManagementFactory.getPlatformMBeanServer(), Diagnosis.objectName("diagnosis-test"),
                    DiagnosisMBean.class);

            assertThat(mbean.verdict(h.delivery)).isEqualTo("DOMAIN_SPECIFIC");
            assertThat(mbean.report(h.delivery)).contains("Verdict: DOMAIN-SPECIFIC deliverability problem")
                    .contains(".. " + now + " (");
            assertThat(mbean.reportHtml(h.delivery)).contains("Generated by Sluice at " + now + "</small>");
            assertThat(mbean.verdict(999_999)).isEqualTo("NOT_FOUND: no delivery 999999");
        }
    }
}
