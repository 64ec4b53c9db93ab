package io.sluice.flowcontrol.camel;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.flowcontrol.DomainFlow;
import io.sluice.flowcontrol.FlowControlRegistry;
import io.sluice.result.DeliveryResult;
import io.sluice.result.SendOutcome;
import io.sluice.result.SmtpReply;
import io.sluice.testsupport.TestClock;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The result stream reaches the flow per attempt: a run of deferrals cuts before the window closes, once per burst. */
class FlowControlFeedTest {

    final FlowControlRegistry registry = FlowControlRegistry.custom().clock(TestClock.at())
            .defaultConfig(io.sluice.flowcontrol.LearningOn.defaults()).build();
    final AtomicInteger inFlight = new AtomicInteger();
    final FlowControlFeed feed = new FlowControlFeed(registry, () -> { }, site -> inFlight.get());

    static DeliveryResult result(SendOutcome outcome, SmtpReply reply) {
        return new DeliveryResult(1, 1, "t", "u@limited.test", "limited.test", outcome, reply,
                DeliveryResult.STATUS_PENDING, 1, null, null, null);
    }

    static final DeliveryResult DEFERRED = result(SendOutcome.SOFT_FAILURE,
            new SmtpReply(450, "4.7.1", "Error: too much mail"));

    @Test
    void aRunOfDeferralsCutsTheSitesRateOncePerBurst() {
        for (int i = 0; i < 10; i++) { // the receiver's quota, used up: only then does a run cut early
            feed.onResult(result(SendOutcome.ACCEPTED, new SmtpReply(250, "2.0.0", "ok")), "site.test");
        }
        inFlight.set(5);
        for (int i = 0; i < 3; i++) {
            feed.onResult(DEFERRED, "site.test");
        }
        DomainFlow site = registry.flow("site.test");
        assertThat(site.getState()).isEqualTo(DomainFlow.State.BACKOFF);
        assertThat(site.currentRate()).isEqualTo(5.0);

        inFlight.set(0);
        for (int i = 0; i < 5; i++) {
            feed.onResult(DEFERRED, "site.test"); // the five under way at the cut
        }
        assertThat(site.currentRate()).isEqualTo(5.0);
        assertThat(registry.find("limited.test")).as("keyed by site, not domain").isEmpty();
    }

    @Test
    void acceptedAndUnattemptedResultsNeverCut() {
        for (int i = 0; i < 10; i++) {
            feed.onResult(result(SendOutcome.ACCEPTED, new SmtpReply(250, "2.0.0", "ok")), null);
            feed.onResult(result(null, null), null);
        }
        assertThat(registry.flow("limited.test").currentRate()).isEqualTo(10.0);
    }
}
