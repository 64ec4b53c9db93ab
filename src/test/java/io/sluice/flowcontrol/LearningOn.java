package io.sluice.flowcontrol;

/**
 * The within-window reaction and learned limits switched on as measured (reactAfterBadInRow 3, plateauShare 0.92):
 * both are off in the shipped defaults (docs/flow-control.md, "Reacting within a window").
 */
public final class LearningOn {

    public static final int REACT_AFTER_BAD_IN_ROW = 3;
    public static final double PLATEAU_SHARE = 0.92;

    private LearningOn() {
    }

    public static FlowControlConfigBuilder custom() {
        return FlowControlConfig.custom().reactAfterBadInRow(REACT_AFTER_BAD_IN_ROW).plateauShare(PLATEAU_SHARE);
    }

    public static FlowControlConfig defaults() {
        return custom().build();
    }
}
