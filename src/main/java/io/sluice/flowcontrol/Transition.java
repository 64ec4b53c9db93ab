package io.sluice.flowcontrol;

/**
 * One legal move of a state machine, as listed by its {@code StateTransition} enum
 * ({@link DomainFlow.StateTransition}, {@link GlobalSenderState.StateTransition}).
 *
 * @param <S> the machine's state enum
 */
public interface Transition<S extends Enum<S>> {

    S getFromState();

    S getToState();
}
