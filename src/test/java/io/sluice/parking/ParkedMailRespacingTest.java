package io.sluice.parking;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.flowcontrol.DomainFlow.State;
import io.sluice.flowcontrol.DomainFlow.StateTransition;
import io.sluice.flowcontrol.FlowEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** When a site's parked mail is brought back to be spaced at the site's rate of now. */
class ParkedMailRespacingTest {

    private final List<String> resets = new ArrayList<>();
    private final List<String> releases = new ArrayList<>();
    private final ParkedMailRespacing respacing = new ParkedMailRespacing(resets::add, key -> {
        releases.add(key);
        return "released";
    }, Runnable::run);

    @Test
    void shouldRespaceASiteThatRecovers() {
        respacing.onEvent(transition("gmail.com", StateTransition.NORMAL_TO_BACKOFF, 40, 20));
        respacing.onEvent(transition("gmail.com", StateTransition.BACKOFF_TO_NORMAL, 20, 20));

        assertThat(resets).containsExactly("gmail.com");
        assertThat(releases).containsExactly("gmail.com");
    }

    @Test
    void shouldRespaceAgainOnceTheRateIsHalfAsMuchAgainAsItsMailWasSpacedAt() {
        respacing.onEvent(transition("d0.test", StateTransition.BACKOFF_TO_BACKOFF, 1.56, 0.78));
        respacing.onEvent(transition("d0.test", StateTransition.BACKOFF_TO_NORMAL, 0.78, 0.78));
        releases.clear();

        for (double[] step : new double[][] {{0.78, 0.86}, {0.86, 0.94}, {0.94, 1.04}}) {
            respacing.onEvent(raise("d0.test", step[0], step[1]));
        }
        assertThat(releases).as("below 1.5 x 0.78").isEmpty();

        respacing.onEvent(raise("d0.test", 1.04, 1.18));
        assertThat(releases).containsExactly("d0.test");

        respacing.onEvent(raise("d0.test", 1.18, 1.29));
        respacing.onEvent(raise("d0.test", 1.29, 1.42));
        respacing.onEvent(raise("d0.test", 1.42, 1.56));
        assertThat(releases).as("next at 1.5 x 1.18").hasSize(1);
        respacing.onEvent(raise("d0.test", 1.56, 1.78));
        assertThat(releases).hasSize(2);
    }

    /**
     * A site never held back has parked mail too (everything beyond the memory horizon, spaced at its first rate): a
     * delivery of 2,500 to a healthy site went at 10 msg/s for 254 s while its rate climbed to 21.4 (stop 34).
     */
    @Test
    void shouldRespaceASiteNeverHeldBackOnceItsRateIsHalfAsMuchAgainAsItsFirst() {
        double rate = 10;
        List<Integer> respacedAtRaise = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            respacing.onEvent(raise("healthy.test", rate, rate * 1.1));
            rate *= 1.1;
            if (releases.size() > respacedAtRaise.size()) {
                respacedAtRaise.add(i);
            }
        }

        // 10 x 1.1^5 = 16.1 >= 15; then 1.5 x 16.1 = 24.2 reached at 1.1^10, 38.9 at 1.1^15, 62.7 at 1.1^20
        assertThat(respacedAtRaise).containsExactly(5, 10, 15, 20);
        assertThat(resets).hasSize(4).containsOnly("healthy.test");
    }

    @Test
    void shouldNotRespaceWhileTheSiteIsStillHeldBack() {
        respacing.onEvent(transition("capped.test", StateTransition.NORMAL_TO_BACKOFF, 10, 1));
        respacing.onEvent(new FlowEvent.RateChanged("capped.test", State.BACKOFF, 1, 5, "cap raised", Instant.EPOCH));

        assertThat(releases).isEmpty();
    }

    @Test
    void shouldNotTakeASuspensionForARateOfZero() {
        respacing.onEvent(transition("down.test", StateTransition.NORMAL_TO_BACKOFF, 4, 2));
        respacing.onEvent(transition("down.test", StateTransition.BACKOFF_TO_SUSPENDED, 2, 0));
        respacing.onEvent(transition("down.test", StateTransition.SUSPENDED_TO_PROBING, 0, 0.5));
        respacing.onEvent(transition("down.test", StateTransition.PROBING_TO_NORMAL, 0.5, 2));
        releases.clear();

        respacing.onEvent(raise("down.test", 2, 2.2));
        assertThat(releases).as("spaced at 2 when it recovered").isEmpty();
        respacing.onEvent(raise("down.test", 2.2, 3.0));
        assertThat(releases).containsExactly("down.test");
    }

    private static FlowEvent transition(String key, StateTransition t, double from, double to) {
        return new FlowEvent.StateTransitioned(key, t, from, to, null, "test", Instant.EPOCH);
    }

    private static FlowEvent raise(String key, double from, double to) {
        return new FlowEvent.RateChanged(key, State.NORMAL, from, to, "after a clean window", Instant.EPOCH);
    }
}
