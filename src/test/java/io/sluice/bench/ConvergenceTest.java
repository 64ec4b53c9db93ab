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
        // AIMD settles in a band around the limit (halving on a bad window, +10 % steps otherwise): look at the
        // median rate of the second half, not at the tail where a few retries let it creep up
        double[] late = r.samples().subList(r.samples().size() / 2, r.samples().size()).stream()
                .mapToDouble(RateLimitedReceiverRun.Sample::flowRate).sorted().toArray();
        assertThat(late[late.length / 2]).as("median rate of the second half, limit 10 msg/s").isBetween(5.0, 15.0);
        assertThat(r.lateDeferralRatio()).as("deferrals once converged").isLessThan(0.15);
    }
}
