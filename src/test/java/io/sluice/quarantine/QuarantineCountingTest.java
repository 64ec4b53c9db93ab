package io.sluice.quarantine;

import io.sluice.testsupport.Campaign;
import io.sluice.testsupport.TestClock;
import io.sluice.testsupport.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import static io.sluice.quarantine.AddressEvent.Kind.COMPLAINT;
import static io.sluice.quarantine.AddressEvent.Kind.DELIVERED;
import static io.sluice.quarantine.AddressEvent.Kind.HARD;
import static io.sluice.quarantine.AddressEvent.Kind.SOFT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Campaign's counting rules applied to NmsAddress in the real PostgreSQL (and the embedded H2 where marked), each
 * event at its own time (the injected clock: events carry their time), each in its own transaction as the result
 * writer and the bounce mailbox apply them. Defaults: 5 soft errors, counted once a day, reset after 10 days.
 */
class QuarantineCountingTest {

    static final Instant T0 = TestClock.T0;
    static final String ANN = "ann@example.com";

    final QuarantineStore store = new QuarantineStore(QuarantineRules.ofDefaults());
    TestDatabase db;

    @AfterEach
    void close() throws Exception {
        if (db != null) {
            db.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "embedded"})
    void shouldQuarantineOnTheSixthSoftErrorSpreadOverDays(String kind) throws Exception {
        db = TestDatabase.open(kind);
        for (int day = 0; day < 5; day++) {
            apply(soft(ANN, day(day)));
        }
        assertThat(record(ANN)).hasValueSatisfying(r -> {
            assertThat(r.status()).as("5 counted soft errors: still mailed").isEqualTo(AddressStatus.WITH_ERRORS);
            assertThat(r.errorCount()).isEqualTo(5);
            assertThat(r.lastErrorAt()).isEqualTo(day(4));
        });

        apply(soft("Ann@Example.com", day(5)));

        assertThat(record(ANN)).hasValueSatisfying(r -> {
            assertThat(r.status()).as("the sixth quarantines (Campaign: after 5, on the sixth)")
                    .isEqualTo(AddressStatus.QUARANTINE);
            assertThat(r.errorCount()).isEqualTo(6);
            assertThat(r.lastErrorText()).isEqualTo("452 4.2.2 Mailbox full");
            assertThat(r.failureReason()).isEqualTo(5);
        });
    }

    @Test
    void shouldCountSoftErrorsInsideOneDayOnce() throws Exception {
        db = TestDatabase.open("postgresql");
        for (int hour = 0; hour < 24; hour += 2) {
            apply(new AddressEvent(ANN, SOFT, "451 4.3.0 try " + hour, 3, T0.plus(Duration.ofHours(hour))));
        }
        assertThat(record(ANN)).hasValueSatisfying(r -> {
            assertThat(r.errorCount()).as("12 errors within 22 hours count once").isEqualTo(1);
            assertThat(r.lastErrorAt()).as("the counted one").isEqualTo(T0);
            assertThat(r.lastErrorText()).as("the latest text is kept").isEqualTo("451 4.3.0 try 22");
        });

        apply(soft(ANN, day(1)));
        assertThat(record(ANN).orElseThrow().errorCount()).as("a day after the counted one: counted").isEqualTo(2);

        // several errors in one batch (one transaction) follow the same rule
        apply(soft(ANN, day(2)), soft(ANN, day(2).plusSeconds(60)), soft(ANN, day(3)));
        assertThat(record(ANN).orElseThrow().errorCount()).isEqualTo(4);
    }

    @Test
    void shouldResetTheCountAfterTenQuietDays() throws Exception {
        db = TestDatabase.open("postgresql");
        apply(soft(ANN, day(0)));
        apply(soft(ANN, day(1)));
        apply(soft(ANN, day(2)));
        apply(soft(ANN, day(12).minusSeconds(1)));
        assertThat(record(ANN).orElseThrow().errorCount()).as("9 days 23:59:59 after the last: counted on").isEqualTo(4);

        apply(soft(ANN, day(22).minusSeconds(1)));

        assertThat(record(ANN)).hasValueSatisfying(r -> {
            assertThat(r.errorCount()).as("10 quiet days: the count starts again").isEqualTo(1);
            assertThat(r.status()).isEqualTo(AddressStatus.WITH_ERRORS);
        });
    }

    @Test
    void shouldQuarantineAtOnceOnAHardError() throws Exception {
        db = TestDatabase.open("postgresql");
        apply(new AddressEvent(ANN, HARD, "550 5.1.1 <ann@example.com>: user unknown", 1, T0));

        assertThat(record(ANN)).hasValueSatisfying(r -> {
            assertThat(r.status()).isEqualTo(AddressStatus.QUARANTINE);
            assertThat(r.errorCount()).isEqualTo(1);
            assertThat(r.failureReason()).isEqualTo(1);
            assertThat(r.lastErrorText()).contains("user unknown");
        });

        apply(delivered(ANN, day(1)));
        assertThat(record(ANN).orElseThrow().status()).as("a later delivery does not undo Quarantine")
                .isEqualTo(AddressStatus.QUARANTINE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "embedded"})
    void shouldDenylistOnAComplaintAndSetTheRecipientsBlackList(String kind) throws Exception {
        db = TestDatabase.open(kind);
        Campaign campaign = new Campaign(db.dataSource());
        long same = campaign.recipient("Ann@Example.com", "Ann", "Lee");
        long sameSpaced = campaign.recipient(" ann@example.com ", "Ann", "Lee");
        long other = campaign.recipient("bob@example.com", "Bob", "Ray");
        apply(soft(ANN, day(0)));

        apply(new AddressEvent("ANN@example.com", COMPLAINT, "Feedback-Type: abuse", 8, day(1)));

        assertThat(record(ANN).orElseThrow().status()).isEqualTo(AddressStatus.DENYLISTED);
        assertThat(campaign.count("SELECT COUNT(*) FROM NmsRecipient WHERE iBlackList = 1 AND iRecipientId IN ("
                + same + ", " + sameSpaced + ")")).isEqualTo(2);
        assertThat(campaign.count("SELECT iBlackList FROM NmsRecipient WHERE iRecipientId = " + other)).isZero();

        apply(delivered(ANN, day(2)), new AddressEvent(ANN, HARD, "550 5.1.1 unknown", 1, day(3)), soft(ANN, day(4)));
        assertThat(record(ANN).orElseThrow().status()).as("never downgraded by later events")
                .isEqualTo(AddressStatus.DENYLISTED);

        try (Connection c = db.dataSource().getConnection()) {
            assertThat(QuarantineStore.release(c, ANN, day(5))).isPresent();
        }
        assertThat(record(ANN).orElseThrow().status()).isEqualTo(AddressStatus.VALID);
        assertThat(campaign.count("SELECT COUNT(*) FROM NmsRecipient WHERE iBlackList = 1"))
                .as("the release leaves the person's own choice alone").isEqualTo(2);
    }

    @Test
    void shouldClearWithErrorsOnADeliveryAndCreateNoRowForOneThatHadNone() throws Exception {
        db = TestDatabase.open("postgresql");
        apply(soft(ANN, day(0)), soft(ANN, day(1)));
        assertThat(record(ANN).orElseThrow().status()).isEqualTo(AddressStatus.WITH_ERRORS);

        apply(delivered(ANN, day(1).plusSeconds(3600)), delivered("new@example.com", day(1)));

        assertThat(record(ANN)).hasValueSatisfying(r -> {
            assertThat(r.status()).isEqualTo(AddressStatus.VALID);
            assertThat(r.errorCount()).isZero();
        });
        assertThat(record("new@example.com")).as("a delivery to a clean address writes nothing").isEmpty();

        apply(soft(ANN, day(1).plusSeconds(7200)));
        assertThat(record(ANN).orElseThrow().errorCount()).as("counting starts again after the reset").isEqualTo(1);
    }

    /**
     * The result writer and the bounce mailbox may count the same new address at once: the second waits for the
     * first's row (no duplicate-key error, no aborted transaction) and then counts on top of it, so no count is lost.
     */
    @Test
    void shouldSerialiseTwoWritersOfTheSameNewAddress() throws Exception {
        db = TestDatabase.open("postgresql");
        try (Connection first = db.dataSource().getConnection()) {
            first.setAutoCommit(false);
            store.record(first, List.of(soft(ANN, day(0))));
            CompletableFuture<Void> second = CompletableFuture.runAsync(() -> {
                try {
                    apply(soft(ANN, day(1)));
                } catch (Exception e) {
                    throw new CompletionException(e);
                }
            });
            await().atMost(Duration.ofSeconds(10)).until(() -> new Campaign(db.dataSource()).count(
                    "SELECT COUNT(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                            + " AND datname = current_database()") == 1);
            first.commit();
            second.get(10, TimeUnit.SECONDS);
        }
        assertThat(record(ANN)).hasValueSatisfying(r -> {
            assertThat(r.errorCount()).as("both days counted").isEqualTo(2);
            assertThat(r.lastErrorAt()).isEqualTo(day(1));
        });
    }

    private void apply(AddressEvent... events) throws Exception {
        try (Connection c = db.dataSource().getConnection()) {
            c.setAutoCommit(false);
            store.record(c, List.of(events));
            c.commit();
        }
    }

    private Optional<AddressRecord> record(String address) throws Exception {
        try (Connection c = db.dataSource().getConnection()) {
            return QuarantineStore.find(c, address);
        }
    }

    static AddressEvent soft(String address, Instant at) {
        return new AddressEvent(address, SOFT, "452 4.2.2 Mailbox full", 5, at);
    }

    static AddressEvent delivered(String address, Instant at) {
        return new AddressEvent(address, DELIVERED, null, 0, at);
    }

    static Instant day(int n) {
        return T0.plus(Duration.ofDays(n));
    }
}
