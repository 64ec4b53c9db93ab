/**
 * The what-if simulator ({@code java -jar sluice.jar simulate}): the real flow-control classes
 * ({@link io.sluice.flowcontrol.FlowControlRegistry} built from a {@code domains.yaml}) driven on a virtual clock
 * against a model of one receiving site ({@link io.sluice.simulate.ReceiverModel}), so that an operator sees what a
 * policy would do to a site before it runs in production: the time to deliver against the ideal, the deferrals, the
 * rate over time.
 */
package io.sluice.simulate;
