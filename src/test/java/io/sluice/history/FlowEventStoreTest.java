package io.sluice.history;

import com.zaxxer.hikari.HikariDataSource;
import io.sluice.db.DataSources;
import io.sluice.db.DatabaseSettings;
import io.sluice.flowcontrol.DomainFlow;
import io.sluice.flowcontrol.FlowControlRegistry;
import io.sluice.flowcontrol.FlowEvent;
import io.sluice.flowcontrol.GlobalSenderState;
import io.sluice.testsupport.TestDatabase;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import javax.sql.DataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** Every flow-control event lands in SluiceFlowEvent, asynchronously; a dead database drops the oldest, counted. */
class FlowEventStoreTest {

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "embedded"})
    void shouldWriteStateRateAndSenderEvents(String kind) throws Exception {
        try (TestDatabase db = TestDatabase.open(kind)) {
            FlowEventStore store = new FlowEventStore(db.dataSource(), "it-1", 100, 3, Duration.ofSeconds(1));
            store.start();
            FlowControlRegistry flow = FlowControlRegistry.ofDefaults(Clock.systemUTC());
            flow.addListener(store);
            flow.flow("gmail.com").suspend(Duration.ofMinutes(10), "by a test");
            flow.flow("yahoo.com").setRate(2.0, Duration.ofMinutes(5), "by a test");
            store.onEvent(new FlowEvent.SenderStateChanged(GlobalSenderState.StateTransition.transitionBetween(
                    GlobalSenderState.State.HEALTHY, GlobalSenderState.State.SENDER_PROBLEM),
                    "12 of 20 attempts failed internally", Instant.now()));
            assertThat(store.flush(Duration.ofSeconds(10))).isTrue();
            store.stop();

            List<String> rows = new ArrayList<>();
            try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT sInstance, sDomain, sKind, sFromState, sToState, dFromRate,"
                         + " dToRate, sCause, tsUntil, tsEvent FROM SluiceFlowEvent ORDER BY iFlowEventId")) {
                while (rs.next()) {
                    rows.add(rs.getString(1) + "|" + rs.getString(2) + "|" + rs.getString(3) + "|" + rs.getString(4)
                            + "|" + rs.getString(5) + "|" + rs.getDouble(6) + "|" + rs.getDouble(7) + "|"
                            + rs.getString(8) + "|" + (rs.getObject(9) != null) + "|" + (rs.getObject(10) != null));
                }
            }
            assertThat(rows).hasSize(3);
            assertThat(rows.get(0)).startsWith("it-1|gmail.com|STATE|NORMAL|SUSPENDED|10.0|0.0|").endsWith("|true|true");
            assertThat(rows.get(1)).startsWith("it-1|yahoo.com|").contains("|2.0|");
            assertThat(rows.get(2)).isEqualTo("it-1|null|SENDER|HEALTHY|SENDER_PROBLEM|0.0|0.0|"
                    + "12 of 20 attempts failed internally|false|true");
            assertThat(store.dropped()).isZero();
        }
    }

    @Test
    void shouldDropTheOldestWhenTheDatabaseIsDownWithoutBlockingTheCaller() throws Exception {
        // nothing listens on port 1: every write fails fast
        HikariDataSource dead = DataSources.create(DatabaseSettings.of("jdbc:postgresql://127.0.0.1:1/none", "x", "",
                1, Path.of("target")), "dead");
        try (dead) {
            FlowEventStore store = new FlowEventStore(dead, "it-1", 5, 2, Duration.ofMillis(1));
            store.start();
            DomainFlow d = FlowControlRegistry.ofDefaults(Clock.systemUTC()).flow("slow.test");
            d.addListener(store);
            for (int i = 0; i < 50; i++) {
                d.suspend(Duration.ofMinutes(1), "by a test");
                d.resetToNormal("by a test");
            }
            assertThat(store.queued()).isLessThanOrEqualTo(5);
            assertThat(store.dropped()).isGreaterThanOrEqualTo(100 - 5 - 2);
            assertThat(store.written()).isZero();
            store.stop();
        }
    }

    @Test
    void shouldNotBlockFlowControlWhileTheDatabaseDoesNotAnswer() throws Exception {
        // a database that takes connections and never answers: the writer hangs in getConnection; the flow-control
        // thread publishing the events must not wait for it (the preemptive timeout only guards against a hang)
        CountDownLatch answer = new CountDownLatch(1);
        DataSource hanging = (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getConnection")) {
                        answer.await();
                        throw new SQLException("the database did not answer");
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        FlowEventStore store = new FlowEventStore(hanging, "it-1", 5, 2, Duration.ofMillis(1));
        store.start();
        try {
            DomainFlow d = FlowControlRegistry.ofDefaults(Clock.systemUTC()).flow("hanging.test");
            d.addListener(store);
            assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
                for (int i = 0; i < 50; i++) {
                    d.suspend(Duration.ofMinutes(1), "by a test");
                    d.resetToNormal("by a test");
                }
            });
            assertThat(d.getState()).isEqualTo(DomainFlow.State.NORMAL);
            assertThat(store.queued()).isLessThanOrEqualTo(5);
            assertThat(store.dropped()).as("the oldest dropped, not the caller blocked").isGreaterThanOrEqualTo(100 - 5 - 2);
            assertThat(store.written()).isZero();
        } finally {
            answer.countDown();
            store.stop();
        }
    }
}
