package io.sluice.bench;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A receiver that enforces a fixed rate (N per period, 4xx beyond): Sluice's send rate settles near that limit and
 * few messages are deferred once it has. (bench/convergence runs the same scenario bigger and prints it.)
 */
class ConvergenceTest {

    @Test
    void shouldConvergeNearTheReceiversRateLimitWithFewDeferralsAfterConvergence() throws Exception {
        RateLimitedReceiverRun.Result r = RateLimitedReceiverRun.run("postgresql", 300, 20, Duration.ofSeconds(2),
                Duration.ofMinutes(4));
        r.print(System.out);
        List<RateLimitedReceiverRun.Sample> samples = r.samples();
        int half = samples.size() / 2;
        List<RateLimitedReceiverRun.Sample> late = samples.subList(half, samples.size());
        // what the receiver got (samples are cumulative, one a second): the median of the second half, not the
        // tail's last few
        double[] sent = java.util.stream.IntStream.range(Math.max(1, half), samples.size())
                .mapToDouble(i -> samples.get(i).accepted() + samples.get(i).deferred()
                        - samples.get(i - 1).accepted() - samples.get(i - 1).deferred())
                .sorted().toArray();
        assertThat(sent[sent.length / 2]).as("median send rate of the second half, limit 10 msg/s").isBetween(5.0, 15.0);
        assertThat(r.lateDeferralRatio()).as("deferrals once converged").isLessThan(0.15);
        // The flow's rate itself: AIMD settles in a band around the limit, and a clean window raises it only while
        // the domain is sent at least half of it (mail parked at reserved slots may hold the send rate below it)
        double[] rate = late.stream().mapToDouble(RateLimitedReceiverRun.Sample::flowRate).sorted().toArray();
        assertThat(rate[rate.length / 2]).as("median flow rate of the second half").isBetween(5.0, 25.0);
    }
}
