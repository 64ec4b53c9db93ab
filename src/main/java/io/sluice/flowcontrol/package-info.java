/**
 * Per-destination dynamic flow control for Sluice: how fast each domain (or MX site) may be sent to
 * right now, and why.
 *
 * <p>This package owns the adaptive algorithm only; it has no Camel dependency. Routes feed it
 * aggregated {@link io.sluice.flowcontrol.WindowCounts} per key and window
 * ({@link io.sluice.flowcontrol.FlowControlRegistry#onGlobalWindow(java.util.Map)}) and individual SMTP
 * replies ({@link io.sluice.flowcontrol.FlowControlRegistry#onReply(String, String)}), and read the
 * allowed rate back ({@link io.sluice.flowcontrol.FlowControlRegistry#rateFor(String)}), for example as
 * the dynamic limit of a Throttle EIP correlated by domain.
 *
 * <ul>
 *   <li>{@link io.sluice.flowcontrol.FlowControlConfig}: immutable, validated knobs of one flow.</li>
 *   <li>{@link io.sluice.flowcontrol.ReplyRule} / {@link io.sluice.flowcontrol.ReplyRules}: provider
 *       reply patterns (first match wins) that back off, suspend or cap a flow at once.</li>
 *   <li>{@link io.sluice.flowcontrol.DomainFlow}: the per-key state machine
 *       (NORMAL, BACKOFF, SUSPENDED, PROBING), its public face; {@code FlowStateHolder} keeps its config and
 *       state in an atomic reference, swaps in each new state and then publishes the events.</li>
 *   <li>{@link io.sluice.flowcontrol.FlowState}: what a flow has learned, an immutable record of plain values
 *       (no config, rules, clock or listeners) with {@code toMap()} / {@code fromMap()}, so that it can be
 *       stored and a flow restored from it.</li>
 *   <li>One class per state, {@code NormalState}, {@code BackoffState}, {@code SuspendedState} and
 *       {@code ProbingState} (the sealed {@code StateHandler}): what windows, reply rules and due time do in
 *       that state. {@code OperatorCommands}: reset, set rate, suspend, probe now, a config change.
 *       {@code FlowContext}: the moves they share (each validated against
 *       {@link io.sluice.flowcontrol.DomainFlow.StateTransition}, its event kept for publication).</li>
 *   <li>Value objects: {@code RateStep} (cut and raise maths, at most one cut per window and one raise per
 *       holdoff), {@code SuspensionDoubling} (a failed probe suspends twice as long, capped),
 *       {@link io.sluice.flowcontrol.WindowEvidence} (windows carried over until they can be judged).</li>
 *   <li>{@link io.sluice.flowcontrol.GlobalSenderState}: tells a problem of our own (or of our IPs)
 *       from a problem of one destination, so domains are not punished for it.</li>
 *   <li>{@code Transitions}: the table of legal moves both state machines check theirs against, built from
 *       their {@code StateTransition} enums ({@link io.sluice.flowcontrol.Transition}).</li>
 *   <li>{@link io.sluice.flowcontrol.FlowControlRegistry}: flows keyed by name, shared rules and
 *       listeners, per-key config overrides.</li>
 *   <li>{@link io.sluice.flowcontrol.FlowControlSettings}: the flow-control part of {@code config/domains.yaml},
 *       built from the one {@link io.sluice.domains.DomainsDocument}; its keys are the tables of
 *       {@code FlowControlKeys} ({@code flow}, {@code rules}, {@code sender}).</li>
 *   <li>{@link io.sluice.flowcontrol.FlowEvent}: what happened, each event's {@code toString()} a
 *       sentence for logs and operators.</li>
 * </ul>
 *
 * <p>Time is always read from an injected {@link java.time.Clock}; time-based moves (end of a
 * suspension, end of a rate cap) happen lazily when a flow is queried.
 */
package io.sluice.flowcontrol;
