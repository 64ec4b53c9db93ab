package io.sluice.bench;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A receiver that enforces a fixed rate (N per period, 4xx beyond): Sluice's rate settles near that limit and
 * few messages are deferred once it has. (bench/convergence runs the same scenario bigger and prints it.)
 */
class ConvergenceTest {

    @Test
    void shouldConvergeNearTheReceiversRateLimitWithFewDeferralsAfterConvergence() throws Exception {
        RateLimitedReceiverRun.Result r = RateLimitedReceiverRun.run("postgresql", 300, 20, Duration.ofSeconds(2),
                Duration.ofMinutes(4));
        r.print(System.out);
        RateLimitedReceiverRun.Sample last = r.samples().get(r.samples().size() - 1);
        assertThat(last.flowRate()).as("rate settles near the 10 msg/s limit").isBetween(5.0, 15.0);
        assertThat(r.lateDeferralRatio()).as("deferrals once converged").isLessThan(0.15);
    }
}
