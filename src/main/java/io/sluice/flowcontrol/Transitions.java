package io.sluice.flowcontrol;

import java.util.EnumMap;
import java.util.Map;

/**
 * The table of a state machine's legal moves, built once from its {@code StateTransition} enum; a move that is
 * not listed throws. Shared by {@link DomainFlow} and {@link GlobalSenderState} so that both validate their moves
 * the same way (resilience4j's {@code CircuitBreakerStateMachine} does the same with one enum per machine).
 *
 * @param <S> the state enum
 * @param <T> the transition enum listing every legal move
 */
final class Transitions<S extends Enum<S>, T extends Enum<T> & Transition<S>> {

    private final String machine;
    private final Map<S, Map<S, T>> table;

    private Transitions(String machine, Map<S, Map<S, T>> table) {
        this.machine = machine;
        this.table = table;
    }

    /**
     * @param machine     names the machine in the message of an illegal move, e.g. "flow-control"
     * @param states      the state enum
     * @param transitions every legal move (the transition enum's {@code values()})
     */
    static <S extends Enum<S>, T extends Enum<T> & Transition<S>> Transitions<S, T> of(String machine,
                                                                                        Class<S> states,
                                                                                        T[] transitions) {
        Map<S, Map<S, T>> table = new EnumMap<>(states);
        for (T t : transitions) {
            T previous = table.computeIfAbsent(t.getFromState(), s -> new EnumMap<>(states)).put(t.getToState(), t);
            if (previous != null) {
                throw new IllegalArgumentException("both " + previous + " and " + t + " move " + t.getFromState()
                        + " -> " + t.getToState());
            }
        }
        return new Transitions<>(machine, table);
    }

    /**
     * The legal move between two states.
     *
     * @throws IllegalStateException when the move is not listed
     */
    T between(S from, S to) {
        T t = table.getOrDefault(from, Map.of()).get(to);
        if (t == null) {
            throw new IllegalStateException("Illegal " + machine + " transition " + from + " -> " + to);
        }
        return t;
    }

    boolean isLegal(S from, S to) {
        return table.getOrDefault(from, Map.of()).containsKey(to);
    }
}
