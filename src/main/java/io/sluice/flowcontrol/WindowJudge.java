package io.sluice.flowcontrol;

import java.util.Map;

/**
 * Who judges the sites' completed windows once the sender is found healthy. By default each instance judges its own
 * ({@link FlowControlRegistry#judgeHere}); several instances on one database judge the windows they all counted once,
 * together (io.sluice.cluster.SharedFlowState).
 */
@FunctionalInterface
public interface WindowJudge {

    /** @param byKey one window's counts per flow key (normalised), none empty of meaning */
    void judge(Map<String, WindowCounts> byKey);
}
