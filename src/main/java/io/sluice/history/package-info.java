/**
 * Flow-control history: {@link io.sluice.history.FlowEventStore} writes every
 * {@link io.sluice.flowcontrol.FlowEvent} to the {@code SluiceFlowEvent} table, asynchronously, for the
 * diagnosis report's timelines (time spent in BACKOFF / SUSPENDED, rate over time, sender problems).
 */
package io.sluice.history;
