package io.sluice.cli;

import io.sluice.config.SluiceLocations;
import io.sluice.testsupport.Campaign;
import io.sluice.testsupport.TestClock;
import io.sluice.testsupport.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code sluice.jar quarantine list|show|release} against a real PostgreSQL database configured as operators do
 * (-Dsluice.db.url): what it prints, what it changes, and its exit codes for a bad command or an unknown address.
 */
class QuarantineCommandTest {

    TestDatabase db;
    Campaign campaign;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void open() throws Exception {
        db = TestDatabase.open("postgresql");
        campaign = new Campaign(db.dataSource());
        System.setProperty("sluice.db.url", db.url());
        System.setProperty("sluice.db.user", db.user());
        campaign.execute("INSERT INTO NmsAddress (sAddress, iStatus, iErrorCount, sLastErrorText, iFailureReason)"
                + " VALUES ('gone@q.test', 2, 1, '550 5.1.1 user unknown', 1),"
                + " ('angry@q.test', 3, 0, 'Feedback-Type: abuse', 8), ('late@q.test', 1, 2, '452 4.2.2 full', 5)");
    }

    @AfterEach
    void close() throws Exception {
        System.clearProperty("sluice.db.url");
        System.clearProperty("sluice.db.user");
        db.close();
    }

    @Test
    void shouldListTheCountsAndTheExcludedAddresses() throws Exception {
        assertThat(run("list")).isZero();
        assertThat(out()).contains("Valid: 0, With errors: 1, Quarantine: 1, Denylisted: 1")
                .contains("gone@q.test: Quarantine").contains("angry@q.test: Denylisted")
                .doesNotContain("late@q.test");

        out.reset();
        assertThat(run("list", "--status", "with-errors")).isZero();
        assertThat(out()).contains("late@q.test: With errors, 2 errors").doesNotContain("gone@q.test");
    }

    @Test
    void shouldShowAndReleaseAnAddress() throws Exception {
        assertThat(run("show", "Gone@Q.test")).isZero();
        assertThat(out()).contains("gone@q.test: Quarantine, 1 error").contains("550 5.1.1 user unknown");

        out.reset();
        assertThat(run("release", "gone@q.test")).isZero();
        assertThat(out()).contains("gone@q.test released: Valid, 0 errors (was Quarantine, 1 errors)");
        assertThat(campaign.count("SELECT iStatus FROM NmsAddress WHERE sAddress = 'gone@q.test'")).isZero();
        assertThat(campaign.count("SELECT COUNT(*) FROM NmsAddress WHERE sAddress = 'gone@q.test'"
                + " AND tsLastModified = TIMESTAMP WITH TIME ZONE '2025-01-01 00:00:00+00'")).isEqualTo(1);
    }

    @Test
    void shouldExitOneForAnAddressWithoutARecord() throws Exception {
        assertThat(run("show", "nobody@q.test")).isEqualTo(1);
        assertThat(err()).contains("No quarantine record for nobody@q.test");
        assertThat(run("release", "nobody@q.test")).isEqualTo(1);
        assertThat(err()).contains("nothing to release");
    }

    @Test
    void shouldExitTwoWithTheUsageForABadCommand() throws Exception {
        assertThat(run()).isEqualTo(2);
        assertThat(run("purge")).isEqualTo(2);
        assertThat(err()).contains("unknown sub-command 'purge'").contains(QuarantineCommand.USAGE);
        assertThat(run("show")).isEqualTo(2);
        assertThat(err()).contains("show needs exactly one ADDRESS");
        assertThat(run("list", "--status", "gone")).isEqualTo(2);
        assertThat(err()).contains("--status must be quarantine, denylisted, with-errors, valid or all, was 'gone'");
        assertThat(run("list", "--limit", "x")).isEqualTo(2);
        assertThat(campaign.count("SELECT COUNT(*) FROM NmsAddress WHERE iStatus = 2")).as("nothing changed")
                .isEqualTo(1);
    }

    private int run(String... args) throws Exception {
        return new QuarantineCommand(SluiceLocations.fromEnvironment(), TestClock.at(),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8))
                .run(args);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
