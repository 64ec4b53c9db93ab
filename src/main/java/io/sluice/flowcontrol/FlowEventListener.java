package io.sluice.flowcontrol;

/**
 * Receives {@link FlowEvent}s after the transition they describe has taken effect. Called on the thread
 * that caused the event; must be quick and must not call back into the flow that published it. A listener
 * that throws is logged and skipped; it does not undo the transition.
 */
@FunctionalInterface
public interface FlowEventListener {
    void onEvent(FlowEvent event);
}
