package io.sluice.flowcontrol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TransitionsTest {

    enum Light { RED, GREEN }

    enum Move implements Transition<Light> {
        RED_TO_GREEN(Light.RED, Light.GREEN),
        AGAIN(Light.RED, Light.GREEN);

        private final Light from;
        private final Light to;

        Move(Light from, Light to) {
            this.from = from;
            this.to = to;
        }

        @Override
        public Light getFromState() {
            return from;
        }

        @Override
        public Light getToState() {
            return to;
        }
    }

    @Test
    void shouldFindTheListedMoveAndRefuseAnyOtherNamingTheMachine() {
        Transitions<Light, Move> table = Transitions.of("traffic-light", Light.class, new Move[] {Move.RED_TO_GREEN});
        assertThat(table.between(Light.RED, Light.GREEN)).isEqualTo(Move.RED_TO_GREEN);
        assertThat(table.isLegal(Light.GREEN, Light.RED)).isFalse();
        assertThatThrownBy(() -> table.between(Light.GREEN, Light.RED)).isInstanceOf(IllegalStateException.class)
                .hasMessage("Illegal traffic-light transition GREEN -> RED");
    }

    @Test
    void shouldRefuseATableListingAMoveTwice() {
        assertThatThrownBy(() -> Transitions.of("traffic-light", Light.class, Move.values()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("both RED_TO_GREEN and AGAIN move RED -> GREEN");
    }

    @Test
    void shouldShareTheTableBetweenFlowsAndTheSender() {
        for (DomainFlow.StateTransition t : DomainFlow.StateTransition.values()) {
            assertThat(DomainFlow.StateTransition.transitionBetween(t.getFromState(), t.getToState())).isEqualTo(t);
        }
        for (GlobalSenderState.StateTransition t : GlobalSenderState.StateTransition.values()) {
            assertThat(GlobalSenderState.StateTransition.transitionBetween(t.getFromState(), t.getToState()))
                    .isEqualTo(t);
        }
    }
}
