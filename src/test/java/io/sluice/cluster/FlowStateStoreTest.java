package io.sluice.cluster;

import io.sluice.flowcontrol.DomainFlow;
import io.sluice.flowcontrol.FlowControlConfig;
import io.sluice.flowcontrol.FlowControlRegistry;
import io.sluice.flowcontrol.FlowState;
import io.sluice.flowcontrol.LearnedLimit;
import io.sluice.smtpsim.SmtpSimulator;
import io.sluice.testsupport.Campaign;
import io.sluice.testsupport.SluiceApp;
import io.sluice.testsupport.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What flow control learned survives a restart: rates, suspensions and learned limits are written to SluiceFlowState
 * and a new registry goes on from them; an unreadable row costs only its own site.
 */
class FlowStateStoreTest {

    private static final Path SQL = Path.of("config/sql");

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"postgresql", "embedded"})
    void shouldRestartARateSuspensionAndLearnedLimitWhereTheyWere(String kind) throws Exception {
        try (TestDatabase db = TestDatabase.open(kind)) {
            Clock clock = Clock.systemUTC();
            FlowControlRegistry before = FlowControlRegistry.ofDefaults(clock);
            before.flow("slow.example").setRate(3.0, Duration.ofHours(1), "test");
            before.flow("yahoo.example").suspend(Duration.ofHours(2), "421 4.7.0 [TSS04] Messages temporarily deferred");
            Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            before.restore("learned.example", FlowState.initial(FlowControlConfig.ofDefaults(), now,
                    new LearnedLimit(3.0, 2.8, now)));
            FlowStateStore first = new FlowStateStore(db.dataSource(), before, "i-1", SQL);
            first.start();
            assertThat(first.save()).isEqualTo(3);
            assertThat(first.save()).as("nothing changed: nothing written").isZero();
            first.stop();

            FlowControlRegistry after = FlowControlRegistry.ofDefaults(clock);
            FlowStateStore second = new FlowStateStore(db.dataSource(), after, "i-1", SQL);
            second.start();
            try {
                assertThat(after.flow("slow.example").currentRate()).isEqualTo(3.0);
                assertThat(after.flow("slow.example").getState()).isEqualTo(DomainFlow.State.BACKOFF);
                DomainFlow yahoo = after.flow("yahoo.example");
                assertThat(yahoo.getState()).isEqualTo(DomainFlow.State.SUSPENDED);
                assertThat(yahoo.snapshot().until()).isEqualTo(before.flow("yahoo.example").snapshot().until());
                assertThat(after.flow("learned.example").state().learned()).isEqualTo(new LearnedLimit(3.0, 2.8, now));
                assertThat(after.flow("fresh.example").currentRate())
                        .as("a site never stored starts at initialRate").isEqualTo(FlowControlConfig.ofDefaults().getInitialRate());
                assertThat(second.save()).as("restored states are not written back unchanged").isEqualTo(1); // fresh.example
            } finally {
                second.stop();
            }
        }
    }

    @Test
    void shouldSkipAnUnreadableRowWithItsSiteNamedAndRestoreTheRest() throws Exception {
        try (TestDatabase db = TestDatabase.open("postgresql")) {
            FlowControlRegistry before = FlowControlRegistry.ofDefaults(Clock.systemUTC());
            before.flow("good.example").setRate(2.0, Duration.ofHours(1), "test");
            FlowStateStore store = new FlowStateStore(db.dataSource(), before, "i-1", SQL);
            store.start();
            store.save();
            exec(db.dataSource(), "INSERT INTO SluiceFlowState (sSite, sState, tsUpdated) VALUES"
                    + " ('bad.example', 'state=s:NORMAL\nrate=n:not-a-number\n', CURRENT_TIMESTAMP)");
            FlowControlRegistry after = FlowControlRegistry.ofDefaults(Clock.systemUTC());
            new FlowStateStore(db.dataSource(), after, "i-2", SQL).start();
            assertThat(after.flow("good.example").currentRate()).isEqualTo(2.0);
            assertThat(after.find("bad.example")).isEmpty();
        }
    }

    @Test
    void shouldReadBackEveryFieldOfAStateAndNameTheSiteOfABadOne() {
        Instant now = Instant.parse("2026-12-06T07:00:00.123456Z");
        FlowState s = FlowState.initial(FlowControlConfig.ofDefaults(), now, new LearnedLimit(3.0, 2.75, now));
        assertThat(FlowStateText.read("x", FlowStateText.write(s))).isEqualTo(s);
        assertThatThrownBy(() -> FlowStateText.read("bad.example", "state=s:NORMAL\nsince=t:yesterday\n"))
                .hasMessageContaining("bad.example").hasMessageContaining("since");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"postgresql"})
    void shouldRestartTheServiceWithTheRateItHadLearned(String kind) throws Exception {
        try (TestDatabase db = TestDatabase.open(kind); SmtpSimulator smtp = SmtpSimulator.builder().build().start()) {
            new Campaign(db.dataSource()); // the schema
            try (SluiceApp app = SluiceApp.builder().database(db.url(), db.user())
                    .domains(SluiceApp.relayTo(smtp.port(), Map.of())).start()) {
                registry(app).flow("throttled.example").setRate(3.0, Duration.ofHours(1), "operator");
            } // a clean stop saves it
            try (SluiceApp app = SluiceApp.builder().database(db.url(), db.user())
                    .domains(SluiceApp.relayTo(smtp.port(), Map.of())).start()) {
                assertThat(registry(app).flow("throttled.example").currentRate()).isEqualTo(3.0);
            }
        }
    }

    private static FlowControlRegistry registry(SluiceApp app) {
        return app.context().getRegistry().lookupByNameAndType("flowControl", FlowControlRegistry.class);
    }

    private static void exec(DataSource ds, String sql) throws Exception {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate(sql);
        }
    }
}
