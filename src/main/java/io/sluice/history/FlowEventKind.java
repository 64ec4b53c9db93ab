package io.sluice.history;

/** What a row of {@code SluiceFlowEvent} records ({@code sKind}): written by {@link FlowEventStore}, read by the report. */
public enum FlowEventKind {
    /** A domain (or MX site) changed state, or re-entered its state with new limits. */
    STATE,
    /** A domain's rate changed without a change of state: its from and to state are the state it stays in. */
    RATE,
    /** The global sender state changed; the row has no domain. */
    SENDER
}
