package io.sluice.smtpsim;

import io.sluice.testsupport.TestClock;
import static io.sluice.smtpsim.DomainRepliesTest.addressFailure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RateLimitTest {

    private final TestClock clock = TestClock.at();
    private SmtpSimulator smtp;
    private SmtpClient client;

    @BeforeEach
    void start() {
        smtp = SmtpSimulator.builder()
                .clock(clock)
                .behaviour("limited.example",
                        DomainBehaviour.rateLimit(3, Duration.ofMinutes(1), "421 4.7.28 Rate limited, slow down"))
                .build().start();
        client = new SmtpClient(smtp);
    }

    @AfterEach
    void stop() {
        smtp.close();
    }

    @Test
    void recipientBeyondTheLimitIsDeferredUntilTheWindowEnds() throws Exception {
        for (int i = 0; i < 3; i++) {
            client.send("a@sluice.test", "s", "b", "r" + i + "@limited.example");
        }
        SMTPAddressFailedException fourth = addressFailure(
                catchThrowable(() -> client.send("a@sluice.test", "s", "b", "r3@limited.example")));
        assertThat(fourth.getReturnCode()).isEqualTo(421);
        assertThat(fourth.getMessage()).contains("421 4.7.28 Rate limited, slow down");

        clock.advance(Duration.ofSeconds(59));
        assertThat(catchThrowable(() -> client.send("a@sluice.test", "s", "b", "r4@limited.example")))
                .as("still inside the window").isNotNull();

        clock.advance(Duration.ofSeconds(1));
        client.send("a@sluice.test", "s", "b", "r5@limited.example");

        assertThat(smtp.counters().acceptedMessages("limited.example")).isEqualTo(4);
        assertThat(smtp.counters().deferredRecipients("limited.example")).isEqualTo(2);
    }

    @Test
    void otherDomainsAreNotLimited() throws Exception {
        for (int i = 0; i < 5; i++) {
            client.send("a@sluice.test", "s", "b", "r" + i + "@free.example");
        }
        assertThat(smtp.counters().acceptedMessages("free.example")).isEqualTo(5);
    }

    @Test
    void reassigningTheLimitStartsAFreshWindow() throws Exception {
        for (int i = 0; i < 3; i++) {
            client.send("a@sluice.test", "s", "b", "r" + i + "@limited.example");
        }
        smtp.setBehaviour("limited.example",
                DomainBehaviour.rateLimit(1, Duration.ofMinutes(1), "450 4.7.0 Later"));

        client.send("a@sluice.test", "s", "b", "again@limited.example");
        SMTPAddressFailedException failure = addressFailure(
                catchThrowable(() -> client.send("a@sluice.test", "s", "b", "more@limited.example")));
        assertThat(failure.getReturnCode()).isEqualTo(450);
    }

    @Test
    void rateLimitedDefaultLimitsEachDomainSeparately() throws Exception {
        smtp.setDefaultBehaviour(DomainBehaviour.rateLimit(1, Duration.ofMinutes(1), "421 4.7.0 Later"));

        client.send("a@sluice.test", "s", "b", "x@one.example");
        client.send("a@sluice.test", "s", "b", "x@two.example");
        assertThat(catchThrowable(() -> client.send("a@sluice.test", "s", "b", "y@one.example"))).isNotNull();
        assertThat(smtp.counters().deferredRecipients("one.example")).isEqualTo(1);
    }
}
